// Sign-in: the user pastes the API token an administrator gave them (`verbatim admin create-user`).

import { api } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { signIn, signOut } from '../session.js';
import { setBreadcrumbs } from '../layout.js';

export async function renderSignIn(main) {
  setBreadcrumbs([{ label: t('signIn') }]);
  const error = h('p', { class: 'error', role: 'alert', id: 'signin-error' });
  const input = h('input', {
    id: 'token', name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true,
    'aria-describedby': 'token-help signin-error',
  });
  const form = h('form', { class: 'card narrow', id: 'signin-form' },
    h('h1', {}, t('signIn')),
    h('label', { for: 'token' }, t('apiToken')),
    input,
    h('p', { class: 'help', id: 'token-help' }, t('tokenHelp')),
    h('button', { type: 'submit' }, t('signIn')),
    error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    signIn(input.value.trim());
    try {
      await api('/me');
      window.dispatchEvent(new CustomEvent('verbatim:signed-in'));
      location.hash = '#/';
    } catch (failure) {
      signOut();
      error.textContent = failure.status === 401 ? t('tokenRefused') : failure.message;
      input.focus();
    }
  });
  main.append(form);
  input.focus();
}
