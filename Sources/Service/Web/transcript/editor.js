// Correcting a segment in place: its text and its speaker, saved as a new transcript version
// (POST /transcripts/{id}/versions); the version edited stays in the store.

import { api } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';

/**
 * Opens the editor on `row`. `speakers` are the recording's speakers; `onSaved(detail)` receives
 * the new version. Ctrl+Enter saves, Esc cancels.
 */
export function editSegment(row, { transcript, speakers, speakerLabel, onSaved }) {
  if (row.element.classList.contains('editing')) return;
  row.element.classList.add('editing');
  const index = row.index;
  const textID = `edit-text-${index}`;
  const speakerID = `edit-speaker-${index}`;
  const text = h('textarea', { id: textID, rows: Math.max(2, Math.ceil(row.segment.text.length / 70)) });
  text.value = row.segment.text;
  const current = speakerLabel(row.segment.speakerID);
  const speaker = h('select', { id: speakerID },
    speakers.map((s) => h('option', { value: s.label, selected: s.id === row.segment.speakerID }, s.label)),
    h('option', { value: '__new__' }, t('newSpeakerOption')));
  if (row.segment.speakerID === null || row.segment.speakerID === undefined) speaker.prepend(h('option', { value: '', selected: true }, t('noSpeaker')));
  const newSpeaker = h('input', { id: `edit-new-speaker-${index}`, maxlength: 64, hidden: true, 'aria-label': t('newSpeakerLabel') });
  speaker.addEventListener('change', () => {
    newSpeaker.hidden = speaker.value !== '__new__';
    if (!newSpeaker.hidden) newSpeaker.focus();
  });
  const error = h('p', { class: 'error', role: 'alert' });
  const save = h('button', { type: 'submit' }, t('saveVersion'));
  const cancel = h('button', { type: 'button', class: 'quiet' }, t('cancel'));
  const form = h('form', { class: 'segment-editor' },
    h('label', { for: textID }, t('segmentText')), text,
    h('div', { class: 'inline-form' }, h('label', { for: speakerID }, t('speaker')), speaker, newSpeaker),
    h('div', { class: 'buttons' }, save, cancel),
    h('p', { class: 'help' }, t('editHelp')),
    error);
  const original = [...row.text.parentElement.children];
  original.forEach((element) => { element.hidden = true; });
  row.text.parentElement.append(form);
  text.focus();

  const close = () => {
    form.remove();
    original.forEach((element) => { element.hidden = false; });
    row.element.classList.remove('editing');
    row.element.querySelector('.edit-button')?.focus();
  };
  cancel.addEventListener('click', close);
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close();
    } else if (event.key === 'Enter' && event.ctrlKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const edit = { index };
    const newText = text.value.replace(/\s*\n\s*/g, ' ').trim();
    if (newText !== row.segment.text) edit.text = newText;
    const label = speaker.value === '__new__' ? newSpeaker.value.trim() : speaker.value;
    if (label && label !== current) edit.speakerLabel = label;
    if (edit.text === undefined && edit.speakerLabel === undefined) {
      close();
      return;
    }
    save.disabled = true;
    try {
      const detail = await api(`/transcripts/${transcript.id}/versions`, { method: 'POST', json: { edits: [edit] } });
      onSaved(detail, index);
    } catch (failure) {
      error.textContent = failure.message;
      save.disabled = false;
    }
  });
}
