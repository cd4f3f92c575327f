// Changing one's own password: required after an administrator set it, possible at any time.

import { api } from '../api.js';
import { announce, h } from '../dom.js';
import { t } from '../i18n.js';
import { currentUser, forgetUser, setBreadcrumbs } from '../layout.js';

export async function renderPassword(main) {
  setBreadcrumbs([{ label: t('studies'), href: '#/' }, { label: t('changePassword') }]);
  const me = await currentUser();
  const error = h('p', { class: 'error', role: 'alert', id: 'password-error' });
  const field = (id, label, autocomplete) => [
    h('label', { for: id }, label),
    h('input', { id, name: id, type: 'password', autocomplete, required: true, 'aria-describedby': 'password-help password-error' }),
  ];
  const form = h('form', { class: 'card narrow', id: 'password-form' },
    h('h1', {}, t('changePassword')),
    me.mustChangePassword ? h('p', { class: 'lead', id: 'must-change' }, t('mustChangePassword')) : null,
    // A hidden user name lets password managers file the new password under the right account.
    h('input', { type: 'email', name: 'username', autocomplete: 'username', value: me.user.email, hidden: true, readonly: true }),
    field('current-password', t('currentPassword'), 'current-password'),
    field('new-password', t('newPassword'), 'new-password'),
    h('p', { class: 'help', id: 'password-help' }, t('passwordRules')),
    field('confirm-password', t('confirmPassword'), 'new-password'),
    h('button', { type: 'submit' }, t('changePassword')),
    error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const value = (id) => form.querySelector(`#${id}`).value;
    if (value('new-password') !== value('confirm-password')) {
      error.textContent = t('passwordsDiffer');
      form.querySelector('#confirm-password').focus();
      return;
    }
    try {
      await api('/me/password', { method: 'PUT', json: { currentPassword: value('current-password'), newPassword: value('new-password') } });
      forgetUser();
      announce(t('passwordChanged'));
      location.hash = '#/';
    } catch (failure) {
      error.textContent = failure.message;
      form.querySelector(failure.code === 'wrong_password' ? '#current-password' : '#new-password').focus();
    }
  });
  main.append(form);
  form.querySelector('#current-password').focus();
}
