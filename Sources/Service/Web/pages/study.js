// A study: its recordings (upload, transcription status), participants, codebook and exports.

import { api } from '../api.js';
import { add, h } from '../dom.js';
import { t } from '../i18n.js';
import { isManager, setBreadcrumbs, studyRole } from '../layout.js';
import { recordingsSection } from './recordings.js';
import { participantsSection } from './participants.js';
import { codebookSection } from './codebook.js';
import { exportSection } from './exports.js';
import { membersSection } from './members.js';
import { blindingSection } from './blinding.js';
import { studyNav } from './retrieval.js';

export async function renderStudy(main, [studyID]) {
  const study = await api(`/studies/${studyID}`);
  const role = await studyRole(study.id);
  const manager = isManager(role);
  setBreadcrumbs([{ label: t('studies'), href: '#/' }, { label: study.name }]);
  const controller = new AbortController();
  add(main,
    h('h1', {}, study.name),
    study.details ? h('p', { class: 'lead' }, study.details) : null,
    studyNav(study, 'study', role),
    manager ? h('p', { class: 'record-link' }, h('a', { href: `#/studies/${study.id}/record`, id: 'record-link', class: 'button-link' }, t('recordInterview'))) : null);
  const grid = h('div', { class: 'study-grid' });
  main.append(grid);
  grid.append(
    await recordingsSection(study, controller.signal, manager),
    h('div', { class: 'side-column' },
      await participantsSection(study, manager),
      await codebookSection(study, manager),
      await membersSection(study, role === 'admin'),
      blindingSection(study, role === 'admin'),
      exportSection(study)));
  return () => controller.abort();
}
