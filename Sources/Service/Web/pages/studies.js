// The list of studies the user belongs to; installation administrators can create one.

import { api } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { currentUser, setBreadcrumbs } from '../layout.js';

export async function renderStudies(main) {
  setBreadcrumbs([{ label: t('studies') }]);
  const [studies, me] = await Promise.all([api('/studies'), currentUser()]);
  main.append(h('h1', {}, t('studies')));
  if (studies.length === 0) main.append(h('p', { class: 'empty' }, t('noStudies')));
  main.append(h('ul', { class: 'study-list', id: 'study-list' }, studies.map((study) =>
    h('li', { class: 'card' },
      h('a', { href: `#/studies/${study.id}`, class: 'study-link' }, study.name),
      study.details ? h('p', {}, study.details) : null))));
  if (me.isAdmin) main.append(createStudyForm());
}

function createStudyForm() {
  const error = h('p', { class: 'error', role: 'alert' });
  const name = h('input', { id: 'study-name', name: 'name', required: true, maxlength: 200 });
  const details = h('textarea', { id: 'study-details', name: 'details', rows: 2 });
  const form = h('form', { class: 'card narrow', id: 'create-study' },
    h('h2', {}, t('newStudy')),
    h('label', { for: 'study-name' }, t('studyName')), name,
    h('label', { for: 'study-details' }, t('studyDetails')), details,
    h('button', { type: 'submit' }, t('createStudy')),
    error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      const study = await api('/studies', { method: 'POST', json: { name: name.value.trim(), details: details.value.trim() } });
      location.hash = `#/studies/${study.id}`;
    } catch (failure) {
      error.textContent = failure.message;
    }
  });
  return form;
}
