// Downloads of a study (or one recording) in every export format of the API.

import { h } from '../dom.js';
import { download, exportFormats } from '../download.js';
import { language, t } from '../i18n.js';

/** A format picker and a download button; `recordingID` narrows the export to one recording. */
export function exportSection(study, recordingID = null) {
  const id = recordingID ? 'export-format-recording' : 'export-format';
  const select = h('select', { id, name: 'format' },
    exportFormats.map((format) => h('option', { value: format.id }, format.key ? t(format.key) : format.label)));
  const blind = h('input', { type: 'checkbox', id: `${id}-blind`, name: 'blindCoders' });
  const status = h('p', { class: 'help', role: 'status' });
  const button = h('button', { type: 'button', id: `${id}-download` }, t('download'));
  button.addEventListener('click', async () => {
    status.textContent = t('preparing');
    button.disabled = true;
    try {
      const query = new URLSearchParams({ format: select.value, lang: language() });
      if (recordingID) query.set('recording', recordingID);
      if (blind.checked) query.set('blindCoders', 'true');
      const saved = await download(`/studies/${study.id}/export?${query}`, `study-${study.id}.${select.value}`);
      status.textContent = t('downloaded', { name: saved.name, size: Math.ceil(saved.size / 1024) });
    } catch (failure) {
      status.textContent = failure.message;
    } finally {
      button.disabled = false;
    }
  });
  return h('section', { class: 'card', 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, recordingID ? t('exportRecording') : t('exportStudy')),
    recordingID ? null : h('p', { class: 'help' }, t('exportStudyHelp')),
    h('div', { class: 'inline-form' }, h('label', { for: id }, t('format')), select, button),
    h('div', { class: 'inline-form' }, blind, h('label', { for: `${id}-blind` }, t('exportBlindCoders'))),
    status);
}
