// The installation's users, for its administrators: create one (with a password, or a generated
// one shown once), reset a password (the user chooses a new one at next sign-in), deactivate.

import { api } from '../api.js';
import { announce, h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { currentUser, setBreadcrumbs } from '../layout.js';

export async function renderUsers(main) {
  setBreadcrumbs([{ label: t('studies'), href: '#/' }, { label: t('users') }]);
  const me = await currentUser();
  if (!me.isAdmin) {
    main.append(h('h1', {}, t('users')), h('p', { class: 'error', role: 'alert' }, t('usersAdminsOnly')));
    return;
  }
  const list = h('ul', { class: 'plain-list user-list', id: 'user-list' });
  const shown = h('div', { id: 'shown-password', 'aria-live': 'polite' });
  const refresh = async () => {
    const users = await api('/users');
    replace(list, users.map((info) => userItem(info, me, refresh, shown)));
  };
  await refresh();
  main.append(
    h('h1', {}, t('users')),
    shown,
    h('section', { class: 'card', 'aria-labelledby': 'users-title' }, h('h2', { id: 'users-title' }, t('userAccounts')), list),
    createUserForm(refresh, shown));
}

/** Shows a password once, with what to do with it. */
function showPassword(shown, name, password) {
  replace(shown, h('div', { class: 'card notice', role: 'status' },
    h('p', {}, t('passwordShownOnce', { name })),
    h('p', {}, h('code', { class: 'secret', id: 'generated-password' }, password))));
}

function userItem(info, me, refresh, shown) {
  const { user } = info;
  const state = [
    info.isAdmin ? t('administrator') : null,
    info.active ? null : t('deactivated'),
    info.hasPassword ? null : t('noPassword'),
    info.mustChangePassword ? t('mustChangeShort') : null,
    info.lockedUntil ? t('lockedOut') : null,
  ].filter(Boolean).join(' · ');
  const error = h('p', { class: 'error', role: 'alert' });
  const reset = h('button', { type: 'button', class: 'quiet reset-password', 'aria-label': t('resetPasswordLabel', { name: user.name }) },
    t('resetPassword'));
  reset.addEventListener('click', async () => {
    if (!window.confirm(t('confirmResetPassword', { name: user.name }))) return;
    error.textContent = '';
    try {
      const answer = await api(`/users/${user.id}/password`, { method: 'PUT', json: {} });
      showPassword(shown, user.name, answer.password);
      await refresh();
      document.getElementById('generated-password')?.focus();
    } catch (failure) {
      error.textContent = failure.message;
    }
  });
  const toggle = h('button', { type: 'button', class: 'quiet toggle-active',
    'aria-label': t(info.active ? 'deactivateLabel' : 'reactivateLabel', { name: user.name }) },
  t(info.active ? 'deactivate' : 'reactivate'));
  toggle.disabled = user.id === me.user.id;
  toggle.addEventListener('click', async () => {
    if (info.active && !window.confirm(t('confirmDeactivate', { name: user.name }))) return;
    error.textContent = '';
    try {
      await api(`/users/${user.id}/active`, { method: 'PUT', json: { active: !info.active } });
      announce(t(info.active ? 'userDeactivated' : 'userReactivated', { name: user.name }));
      await refresh();
    } catch (failure) {
      error.textContent = failure.message;
    }
  });
  return h('li', { dataset: { userId: String(user.id) } },
    h('span', { class: 'member-name' }, user.name), ' ',
    h('span', { class: 'muted' }, user.email), state ? h('span', { class: 'muted' }, ` · ${state}`) : null, ' ',
    reset, ' ', toggle, error);
}

function createUserForm(refresh, shown) {
  const error = h('p', { class: 'error', role: 'alert', id: 'new-user-error' });
  const name = h('input', { id: 'new-user-name', name: 'name', required: true, maxlength: 200, autocomplete: 'off' });
  const email = h('input', { id: 'new-user-email', name: 'email', type: 'email', required: true, autocomplete: 'off', spellcheck: 'false' });
  const password = h('input', {
    id: 'new-user-password', name: 'password', type: 'password', autocomplete: 'new-password', minlength: 10, maxlength: 128,
    'aria-describedby': 'new-user-help',
  });
  const generate = h('input', { id: 'new-user-generate', type: 'checkbox' });
  const admin = h('input', { id: 'new-user-admin', type: 'checkbox' });
  generate.addEventListener('change', () => {
    password.disabled = generate.checked;
    if (generate.checked) password.value = '';
  });
  const form = h('form', { class: 'card narrow', id: 'create-user' },
    h('h2', {}, t('newUser')),
    h('label', { for: 'new-user-name' }, t('userName')), name,
    h('label', { for: 'new-user-email' }, t('email')), email,
    h('label', { for: 'new-user-password' }, t('initialPassword')), password,
    h('p', { class: 'help', id: 'new-user-help' }, t('passwordRules')),
    h('div', { class: 'check' }, generate, h('label', { for: 'new-user-generate' }, t('generatePassword'))),
    h('div', { class: 'check' }, admin, h('label', { for: 'new-user-admin' }, t('makeAdministrator'))),
    h('div', {}, h('button', { type: 'submit' }, t('createUser'))),
    error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    if (!generate.checked && !password.value) {
      error.textContent = t('passwordOrGenerate');
      password.focus();
      return;
    }
    const body = { name: name.value.trim(), email: email.value.trim(), isAdmin: admin.checked };
    if (generate.checked) body.generatePassword = true;
    else body.password = password.value;
    try {
      const created = await api('/users', { method: 'POST', json: body });
      if (created.password) showPassword(shown, created.user.name, created.password);
      else replace(shown);
      announce(t('userCreated', { name: created.user.name }));
      form.reset();
      password.disabled = false;
      await refresh();
      name.focus();
    } catch (failure) {
      error.textContent = failure.message;
      (failure.code === 'weak_password' ? password : name).focus();
    }
  });
  return form;
}
