// The single page: a hash router over the pages, the header (language switch, sign-out) and
// the signed-in user.

import { applyStatic, initLanguage, setLanguage, language, t } from './i18n.js';
import { token, signOut } from './session.js';
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

const routes = [
  { pattern: /^#\/signin$/, render: renderSignIn, public: true },
  { pattern: /^#\/?$/, render: renderStudies },
  { pattern: /^#\/studies\/(\d+)$/, render: renderStudy },
  { pattern: /^#\/recordings\/(\d+)(?:\?(.*))?$/, render: renderRecording },
  { pattern: /^#\/studies\/(\d+)\/search(?:\?(.*))?$/, render: renderSearch },
  { pattern: /^#\/studies\/(\d+)\/codings(?:\?(.*))?$/, render: renderCodings },
  { pattern: /^#\/studies\/(\d+)\/matrix$/, render: renderMatrix },
  { pattern: /^#\/studies\/(\d+)\/codebook$/, render: renderCodebook },
  { pattern: /^#\/participants\/(\d+)$/, render: renderParticipant },
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
  if (!token() && !match?.r.public) {
    location.replace('#/signin');
    return;
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
  button.hidden = !token();
  who.textContent = '';
  if (token()) {
    try {
      const { user, isAdmin } = await currentUser();
      who.textContent = isAdmin ? `${user.name} (${t('administrator')})` : user.name;
    } catch {
      // Shown by the page itself.
    }
  }
}

function start() {
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
  document.getElementById('sign-out').addEventListener('click', () => {
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
  route();
}

start();
