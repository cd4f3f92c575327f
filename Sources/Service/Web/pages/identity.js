// The identity vault panel of a participant's page, for the study's admins only: the real identity
// is fetched only when asked (each reading is an audit event), edited, saved or deleted; it is
// never shown to researchers or coders, never exported.

import { api } from '../api.js';
import { announce, h } from '../dom.js';
import { t } from '../i18n.js';

/** The "Identity (admins only)" card of `participant`. */
export function identityPanel(participant) {
  const path = `/participants/${participant.id}/identity`;
  const status = h('p', { class: 'muted', 'aria-live': 'polite', id: 'identity-status' });
  const error = h('p', { class: 'error', role: 'alert', id: 'identity-error' });
  const field = (id, label, control) => [h('label', { for: id }, label), control];
  const fullName = h('input', { id: 'identity-full-name', required: true, maxlength: 500, autocomplete: 'off' });
  const otherNames = h('textarea', { id: 'identity-other-names', rows: 2, autocomplete: 'off' });
  const phone = h('input', { id: 'identity-phone', type: 'tel', maxlength: 500, autocomplete: 'off' });
  const email = h('input', { id: 'identity-email', type: 'email', maxlength: 500, autocomplete: 'off' });
  const postalAddress = h('textarea', { id: 'identity-postal-address', rows: 2, maxlength: 500, autocomplete: 'off' });
  const note = h('textarea', { id: 'identity-note', rows: 2, maxlength: 4000, autocomplete: 'off' });
  const remove = h('button', { type: 'button', class: 'quiet', id: 'identity-delete' }, t('identityDelete'));
  const hide = h('button', { type: 'button', class: 'quiet', id: 'identity-hide' }, t('identityHide'));
  const form = h('form', { id: 'identity-form', hidden: true },
    ...field(fullName.id, t('identityFullName'), fullName),
    ...field(otherNames.id, t('identityOtherNames'), otherNames),
    ...field(phone.id, t('identityPhone'), phone),
    ...field(email.id, t('identityEmail'), email),
    ...field(postalAddress.id, t('identityPostalAddress'), postalAddress),
    ...field(note.id, t('identityNote'), note),
    h('p', { class: 'row-actions' }, h('button', { type: 'submit', id: 'identity-save' }, t('save')), remove, hide));
  const show = h('button', { type: 'button', id: 'identity-show' }, t('identityShow'));
  const say = (message) => {
    status.textContent = message;
    announce(message);
  };
  const fill = (identity) => {
    fullName.value = identity?.fullName ?? '';
    otherNames.value = (identity?.otherNames ?? []).join('\n');
    phone.value = identity?.phone ?? '';
    email.value = identity?.email ?? '';
    postalAddress.value = identity?.postalAddress ?? '';
    note.value = identity?.note ?? '';
  };
  const open = (identity) => {
    fill(identity);
    form.hidden = false;
    show.hidden = true;
    fullName.focus();
  };
  const optional = (control) => control.value.trim() || null;

  show.addEventListener('click', async () => {
    error.textContent = '';
    status.textContent = '';
    try {
      open((await api(path)).identity);
    } catch (failure) {
      if (failure.code === 'identity_missing') {
        open(null);
        say(t('identityNone'));
      } else {
        error.textContent = failure.message;
      }
    }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const identity = {
      fullName: fullName.value.trim(), otherNames: otherNames.value.split('\n').map((name) => name.trim()).filter(Boolean),
      phone: optional(phone), email: optional(email), postalAddress: optional(postalAddress), note: optional(note),
    };
    try {
      fill((await api(path, { method: 'PUT', json: identity })).identity);
      say(t('identitySaved'));
    } catch (failure) {
      error.textContent = failure.message;
    }
  });
  remove.addEventListener('click', async () => {
    error.textContent = '';
    try {
      await api(path, { method: 'DELETE' });
      fill(null);
      say(t('identityDeleted'));
    } catch (failure) {
      error.textContent = failure.code === 'identity_missing' ? t('identityNone') : failure.message;
    }
  });
  hide.addEventListener('click', () => {
    fill(null);
    form.hidden = true;
    show.hidden = false;
    status.textContent = '';
    show.focus();
  });

  return h('section', { class: 'card', 'aria-labelledby': 'identity-title', id: 'identity-panel' },
    h('h2', { id: 'identity-title' }, t('identityTitle')),
    h('p', { class: 'help' }, t('identityHelp')), show, form, status, error);
}
