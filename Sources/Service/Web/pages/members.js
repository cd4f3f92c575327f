// A study's members and their roles, for the study's administrators: add an existing user by
// e-mail with a role, change a member's role, remove a member (after a confirmation); the API
// refuses to remove or demote the last administrator.

import { api } from '../api.js';
import { announce, h } from '../dom.js';
import { t } from '../i18n.js';
import { currentUser } from '../layout.js';

const roles = ['admin', 'researcher', 'coder'];

/** A role picker with a label (`id` names it). */
function roleSelect(id, selected) {
  return h('select', { id, name: 'role' },
    roles.map((role) => h('option', { value: role, selected: role === selected }, t(`role_${role}`))));
}

/** The members card when the signed-in user may change members (`canChange`), else `null`. */
export async function membersSection(study, canChange) {
  if (!canChange) return null;
  const [members, { user: me }] = await Promise.all([api(`/studies/${study.id}/members`), currentUser()]);
  const list = h('ul', { class: 'plain-list member-list', id: 'member-list' });
  const error = h('p', { class: 'error', role: 'alert' });
  const explain = (failure) => (failure.code === 'last_study_admin' ? t('lastStudyAdmin') : failure.message);
  const item = (member) => {
    const name = member.name || t('userN', { id: member.userID });
    const row = h('li', { dataset: { userId: String(member.userID) } },
      h('span', { class: 'member-name' }, member.userID === me.id ? t('meCoder', { name }) : name), ' ',
      h('span', { class: 'member-role' }, t(`role_${member.role}`)), ' ');
    const selectID = `role-${member.userID}`;
    const select = roleSelect(selectID, member.role);
    const save = h('button', { type: 'button', class: 'quiet change-role', 'aria-label': t('changeRoleLabel', { name }) }, t('changeRole'));
    save.addEventListener('click', async () => {
      error.textContent = '';
      try {
        await api(`/studies/${study.id}/members/${member.userID}`, { method: 'PUT', json: { role: select.value } });
        member.role = select.value;
        row.querySelector('.member-role').textContent = t(`role_${member.role}`);
        announce(t('roleChanged', { name, role: t(`role_${member.role}`) }));
      } catch (failure) {
        error.textContent = explain(failure);
        select.value = member.role;
      }
    });
    const remove = h('button', { type: 'button', class: 'remove-member', 'aria-label': t('removeMemberLabel', { name }) },
      t('removeMember'));
    remove.addEventListener('click', async () => {
      if (!window.confirm(t('confirmRemoveMember', { name, study: study.name }))) return;
      error.textContent = '';
      remove.disabled = true;
      try {
        await api(`/studies/${study.id}/members/${member.userID}`, { method: 'DELETE' });
        row.remove();
        announce(t('memberRemoved', { name }));
        // Having left the study, one may no longer see it.
        if (member.userID === me.id) location.hash = '#/';
      } catch (failure) {
        error.textContent = explain(failure);
        remove.disabled = false;
      }
    });
    row.append(h('span', { class: 'role-change' },
      h('label', { for: selectID, class: 'visually-hidden' }, t('roleOf', { name })), select, ' ', save), ' ', remove);
    return row;
  };
  for (const member of members) list.append(item(member));
  return h('section', { class: 'card', 'aria-labelledby': 'members-title' },
    h('h2', { id: 'members-title' }, t('members')), list, error, addMemberForm(study, list, item));
}

/** Adds an existing user, named by e-mail address, with a role. */
function addMemberForm(study, list, item) {
  const error = h('p', { class: 'error', role: 'alert', id: 'add-member-error' });
  const email = h('input', { id: 'member-email', name: 'email', type: 'email', required: true, autocomplete: 'off', spellcheck: 'false' });
  const select = roleSelect('member-role', 'coder');
  const form = h('form', { class: 'inline-form', id: 'add-member' },
    h('label', { for: 'member-email' }, t('memberEmail')), email,
    h('label', { for: 'member-role' }, t('role')), select,
    h('button', { type: 'submit' }, t('addMember')),
    error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      const member = await api(`/studies/${study.id}/members`, { method: 'POST', json: { email: email.value.trim(), role: select.value } });
      list.querySelector(`li[data-user-id="${member.userID}"]`)?.remove();
      list.append(item(member));
      announce(t('memberAdded', { name: member.name, role: t(`role_${member.role}`) }));
      email.value = '';
      email.focus();
    } catch (failure) {
      error.textContent = failure.message;
      email.focus();
    }
  });
  return form;
}
