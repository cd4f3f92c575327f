// Sign-in: e-mail and password (a session cookie); scripts' users may paste an API token instead.

import { api } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { signIn, signOut, startSession } from '../session.js';
import { setBreadcrumbs } from '../layout.js';

export async function renderSignIn(main) {
  setBreadcrumbs([{ label: t('signIn') }]);
  main.append(passwordForm(), tokenForm());
  document.getElementById('email').focus();
}

function passwordForm() {
  const error = h('p', { class: 'error', role: 'alert', id: 'signin-error' });
  const email = h('input', {
    id: 'email', name: 'email', type: 'email', autocomplete: 'username', spellcheck: 'false', required: true,
    'aria-describedby': 'signin-error',
  });
  const password = h('input', {
    id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true,
    'aria-describedby': 'signin-error',
  });
  const form = h('form', { class: 'card narrow', id: 'signin-form' },
    h('h1', {}, t('signIn')),
    h('label', { for: 'email' }, t('email')), email,
    h('label', { for: 'password' }, t('password')), password,
    h('button', { type: 'submit' }, t('signIn')),
    error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    signOut();
    try {
      const me = await api('/sessions', { method: 'POST', json: { email: email.value.trim(), password: password.value } });
      startSession(me.csrfToken);
      password.value = '';
      window.dispatchEvent(new CustomEvent('verbatim:signed-in'));
      location.hash = me.mustChangePassword ? '#/password' : '#/';
    } catch (failure) {
      error.textContent = failure.code === 'sign_in_failed' ? t('signInFailed') : failure.message;
      password.value = '';
      password.focus();
    }
  });
  return form;
}

/** The secondary path: an API token (for script users), folded away. */
function tokenForm() {
  const error = h('p', { class: 'error', role: 'alert', id: 'token-error' });
  const input = h('input', {
    id: 'token', name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true,
    'aria-describedby': 'token-help token-error',
  });
  const form = h('form', { id: 'token-form' },
    h('label', { for: 'token' }, t('apiToken')),
    input,
    h('p', { class: 'help', id: 'token-help' }, t('tokenHelp')),
    h('button', { type: 'submit', class: 'quiet' }, t('signInWithToken')),
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
  return h('details', { class: 'card narrow token-path', id: 'token-path' }, h('summary', {}, t('useApiToken')), form);
}
