// The single page: a hash router over the pages, the header (language switch, sign-out) and
// the signed-in user.

import { applyStatic, initLanguage, setLanguage, language, t } from './i18n.js';
import { signedIn, signOut, startSession, token } from './session.js';
import { api } from './api.js';
import { currentUser, forgetUser, setBreadcrumbs } from './layout.js';
import { h, replace } from './dom.js';
import { renderSignIn } from './pages/signin.js';
import { renderStudies } from './pages/studies.js';
import { renderStudy } from './pages/study.js';
import { renderRecording } from './pages/recording.js';
import { renderSearch } from './pages/search.js';
import { renderCodings } from './pages/codings.js';
import { renderMatrix } from './pages/matrix.js';
import { renderCodebook } from './pages/codebookEditor.js';
import { renderParticipant } from './pages/participant.js';
import { renderPassword } from './pages/password.js';
import { renderUsers } from './pages/users.js';
import { renderRecord } from './pages/record.js';
import { renderRetention } from './pages/retention.js';

const routes = [
  { pattern: /^#\/signin$/, render: renderSignIn, public: true },
  { pattern: /^#\/?$/, render: renderStudies },
  { pattern: /^#\/studies\/(\d+)$/, render: renderStudy },
  { pattern: /^#\/recordings\/(\d+)(?:\?(.*))?$/, render: renderRecording },
  { pattern: /^#\/studies\/(\d+)\/search(?:\?(.*))?$/, render: renderSearch },
  { pattern: /^#\/studies\/(\d+)\/codings(?:\?(.*))?$/, render: renderCodings },
  { pattern: /^#\/studies\/(\d+)\/matrix$/, render: renderMatrix },
  { pattern: /^#\/studies\/(\d+)\/codebook$/, render: renderCodebook },
  { pattern: /^#\/studies\/(\d+)\/record$/, render: renderRecord },
  { pattern: /^#\/studies\/(\d+)\/retention$/, render: renderRetention },
  { pattern: /^#\/participants\/(\d+)$/, render: renderParticipant },
  { pattern: /^#\/password$/, render: renderPassword },
  { pattern: /^#\/users$/, render: renderUsers },
];

let cleanup = null;

async function route() {
  const main = document.getElementById('main');
  const hash = location.hash || '#/';
  if (!hash.startsWith('#/')) return;
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  const match = routes.map((r) => ({ r, m: r.pattern.exec(hash) })).find((x) => x.m);
  if (!signedIn() && !match?.r.public) {
    location.replace('#/signin');
    return;
  }
  if (signedIn() && !match?.r.public && hash !== '#/password') {
    // A password an administrator set must be replaced before anything else.
    try {
      if ((await currentUser()).mustChangePassword) {
        location.replace('#/password');
        return;
      }
    } catch {
      // The page shows the error itself.
    }
  }
  updateHeader();
  replace(main);
  if (!match) {
    setBreadcrumbs([{ label: t('notFound') }]);
    main.append(h('h1', {}, t('notFound')), h('p', {}, h('a', { href: '#/' }, t('backToStudies'))));
    return;
  }
  try {
    cleanup = (await match.r.render(main, match.m.slice(1))) ?? null;
  } catch (error) {
    main.append(h('p', { class: 'error', role: 'alert' }, error.message));
  }
}

async function updateHeader() {
  const button = document.getElementById('sign-out');
  const who = document.getElementById('who');
  const users = document.getElementById('users-link');
  const password = document.getElementById('password-link');
  button.hidden = !signedIn();
  users.hidden = true;
  password.hidden = true;
  who.textContent = '';
  if (signedIn()) {
    try {
      const { user, isAdmin, authMethod } = await currentUser();
      who.textContent = isAdmin ? `${user.name} (${t('administrator')})` : user.name;
      users.hidden = !isAdmin;
      password.hidden = authMethod !== 'session';
    } catch {
      // Shown by the page itself.
    }
  }
}

/** After a reload, asks the server whether the browser still holds a session cookie. */
async function restoreSession() {
  if (token()) return;
  try {
    const me = await api('/me');
    if (me.authMethod === 'session') startSession(me.csrfToken);
  } catch {
    // Not signed in: the sign-in page follows.
  }
}

async function start() {
  initLanguage();
  const select = document.getElementById('language-switch');
  select.value = language();
  select.addEventListener('change', () => {
    setLanguage(select.value);
    applyStatic(document);
    route();
  });
  applyStatic(document);
  document.getElementById('skip-link').addEventListener('click', (event) => {
    event.preventDefault();
    document.getElementById('main').focus();
  });
  document.getElementById('sign-out').addEventListener('click', async () => {
    if (!token()) {
      try {
        await api('/sessions/current', { method: 'DELETE' });
      } catch {
        // The session has ended already.
      }
    }
    signOut();
    forgetUser();
    location.hash = '#/signin';
  });
  window.addEventListener('verbatim:signed-out', () => {
    forgetUser();
    if (location.hash !== '#/signin') location.hash = '#/signin';
  });
  window.addEventListener('verbatim:signed-in', () => {
    forgetUser();
  });
  window.addEventListener('hashchange', route);
  await restoreSession();
  route();
}

start();
