// A study's pseudonymous participants, and a form to add one.

import { api } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';

export async function participantsSection(study, manager = true) {
  const participants = await api(`/studies/${study.id}/participants`);
  const list = h('ul', { class: 'plain-list', id: 'participant-list' });
  const show = (participant) => list.append(h('li', {},
    h('a', { href: `#/participants/${participant.id}`, class: 'pseudonym' }, participant.pseudonym)));
  participants.forEach(show);
  const empty = h('p', { class: 'empty' }, t('noParticipants'));
  empty.hidden = participants.length > 0;
  const error = h('p', { class: 'error', role: 'alert' });
  const input = h('input', { id: 'pseudonym', name: 'pseudonym', required: true, maxlength: 32, placeholder: 'P-014',
    pattern: '[A-Za-z0-9_\\-]{1,32}', 'aria-describedby': 'pseudonym-help' });
  const form = h('form', { class: 'inline-form', id: 'add-participant' },
    h('label', { for: 'pseudonym' }, t('pseudonym')), input,
    h('button', { type: 'submit' }, t('add')),
    h('p', { class: 'help', id: 'pseudonym-help' }, t('pseudonymHelp')),
    error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      show(await api(`/studies/${study.id}/participants`, { method: 'POST', json: { pseudonym: input.value.trim() } }));
      empty.hidden = true;
      input.value = '';
    } catch (failure) {
      error.textContent = failure.message;
    }
  });
  return h('section', { class: 'card', 'aria-labelledby': 'participants-title' },
    h('h2', { id: 'participants-title' }, t('participants')), empty, list, manager ? form : null);
}
