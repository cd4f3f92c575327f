// A study's members and their roles, for the study's administrators: each can be removed from
// the study (after a confirmation); the API refuses to remove the last administrator.

import { api } from '../api.js';
import { announce, h } from '../dom.js';
import { t } from '../i18n.js';
import { currentUser } from '../layout.js';

/** The members card when the signed-in user may change members (`canChange`), else `null`. */
export async function membersSection(study, canChange) {
  if (!canChange) return null;
  const [members, { user: me }] = await Promise.all([api(`/studies/${study.id}/members`), currentUser()]);
  const list = h('ul', { class: 'plain-list member-list', id: 'member-list' });
  const error = h('p', { class: 'error', role: 'alert' });
  for (const member of members) {
    const name = member.name || t('userN', { id: member.userID });
    const item = h('li', { dataset: { userId: String(member.userID) } },
      h('span', { class: 'member-name' }, member.userID === me.id ? t('meCoder', { name }) : name), ' ',
      h('span', { class: 'member-role' }, t(`role_${member.role}`)), ' ');
    const button = h('button', { type: 'button', class: 'remove-member', 'aria-label': t('removeMemberLabel', { name }) },
      t('removeMember'));
    button.addEventListener('click', async () => {
      if (!window.confirm(t('confirmRemoveMember', { name, study: study.name }))) return;
      error.textContent = '';
      button.disabled = true;
      try {
        await api(`/studies/${study.id}/members/${member.userID}`, { method: 'DELETE' });
        item.remove();
        announce(t('memberRemoved', { name }));
        // Having left the study, one may no longer see it.
        if (member.userID === me.id) location.hash = '#/';
      } catch (failure) {
        error.textContent = failure.code === 'last_study_admin' ? t('lastStudyAdmin') : failure.message;
        button.disabled = false;
      }
    });
    item.append(button);
    list.append(item);
  }
  return h('section', { class: 'card', 'aria-labelledby': 'members-title' },
    h('h2', { id: 'members-title' }, t('members')), list, error);
}
