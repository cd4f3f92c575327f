// What every page shares: the breadcrumb trail and the signed-in user.

import { api } from './api.js';
import { h, replace } from './dom.js';
import { t } from './i18n.js';

let me = null;

/** The signed-in user (`{user, isAdmin}`), fetched once per sign-in. */
export function currentUser() {
  if (!me) {
    me = api('/me');
    me.catch(() => {
      me = null;
    });
  }
  return me;
}

/** Forgets the cached user (after signing in or out). */
export function forgetUser() {
  me = null;
}

/** Sets the breadcrumb trail `[{label, href}]` (the last item is the current page) and the title. */
export function setBreadcrumbs(items) {
  const nav = document.getElementById('breadcrumbs');
  const list = h('ol', {}, items.map((item, index) =>
    h('li', {}, index === items.length - 1 || !item.href
      ? h('span', { 'aria-current': index === items.length - 1 ? 'page' : false }, item.label)
      : h('a', { href: item.href }, item.label))));
  replace(nav, list);
  document.title = `${items.at(-1)?.label ?? ''} · ${t('appName')}`;
}

/**
 * The signed-in user's role in `studyID`: `admin`, `researcher` or `coder`. The member list is
 * readable by managers only, so a refusal means `coder`.
 */
export async function studyRole(studyID) {
  const { user, isAdmin } = await currentUser();
  if (isAdmin) return 'admin';
  try {
    const members = await api(`/studies/${studyID}/members`);
    return members.find((member) => member.userID === user.id)?.role ?? 'coder';
  } catch (failure) {
    if (failure.status === 403) return 'coder';
    throw failure;
  }
}

/** Whether `role` may change a study's data (upload, correct, edit the codebook). */
export function isManager(role) {
  return role === 'admin' || role === 'researcher';
}

