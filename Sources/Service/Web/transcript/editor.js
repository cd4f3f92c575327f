// Correcting a segment in place, as in oTranscribe, noScribe or ELAN: its text and speaker, a split
// at the cursor, a merge with the next segment, a moved boundary. Changes go to
// POST /transcripts/{id}/edits: the working draft changes in place (with its history); a machine or
// validated version gets a new version, and the one edited stays in the store.

import { api } from '../api.js';
import { codePointLength, formatTime, h } from '../dom.js';
import { t } from '../i18n.js';

/**
 * Opens the editor on `row`. `speakers` are the recording's speakers; `isLast` says whether the
 * segment is the transcript's last; `onSaved(result, index)` receives the API's answer
 * (`{detail, isNewVersion, codingsLeftBehind}`). Ctrl+Enter saves, Esc cancels.
 */
export function editSegment(row, { transcript, speakers, speakerLabel, isLast, onSaved }) {
  if (row.element.classList.contains('editing')) return;
  row.element.classList.add('editing');
  const index = row.index;
  const textID = `edit-text-${index}`;
  const speakerID = `edit-speaker-${index}`;
  const boundaryID = `edit-boundary-${index}`;
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
  const boundary = isLast ? null : h('input', {
    id: boundaryID, type: 'number', step: '0.1', min: row.segment.start.toFixed(1), class: 'boundary-input',
    value: row.segment.end.toFixed(1), 'aria-describedby': `${boundaryID}-help`,
  });
  const error = h('p', { class: 'error', role: 'alert' });
  const save = h('button', { type: 'submit' }, t('save'));
  const split = h('button', { type: 'button', class: 'quiet split-button' }, t('splitAtCursor'));
  const merge = isLast ? null : h('button', { type: 'button', class: 'quiet merge-button' }, t('mergeWithNext'));
  const cancel = h('button', { type: 'button', class: 'quiet' }, t('cancel'));
  const form = h('form', { class: 'segment-editor' },
    h('label', { for: textID }, t('segmentText')), text,
    h('div', { class: 'inline-form' }, h('label', { for: speakerID }, t('speaker')), speaker, newSpeaker),
    boundary && h('div', { class: 'inline-form' }, h('label', { for: boundaryID }, t('segmentEnd')), boundary,
      h('span', { class: 'help', id: `${boundaryID}-help` }, t('segmentEndHelp', { start: formatTime(row.segment.start, true) }))),
    h('div', { class: 'buttons' }, save, split, merge, cancel),
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

  /** The correction and boundary move the form holds, as operations. */
  const corrections = () => {
    const operations = [];
    const edit = { op: 'correct', index };
    const newText = text.value.replace(/\s*\n\s*/g, ' ').trim();
    if (newText !== row.segment.text) edit.text = newText;
    const label = speaker.value === '__new__' ? newSpeaker.value.trim() : speaker.value;
    if (label && label !== current) edit.speakerLabel = label;
    if (edit.text !== undefined || edit.speakerLabel !== undefined) operations.push(edit);
    if (boundary && Number(boundary.value).toFixed(1) !== row.segment.end.toFixed(1)) {
      operations.push({ op: 'boundary', index, time: Number(boundary.value) });
    }
    return { operations, text: newText };
  };
  const send = async (operations, button) => {
    if (operations.length === 0) {
      close();
      return;
    }
    error.textContent = '';
    button.disabled = true;
    try {
      const result = await api(`/transcripts/${transcript.id}/edits`, { method: 'POST', json: { operations } });
      onSaved(result, index);
    } catch (failure) {
      error.textContent = failure.message;
      button.disabled = false;
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    send(corrections().operations, save);
  });
  split.addEventListener('click', () => {
    // The cut in characters (code points) of the corrected text, which the correction sends first.
    const { operations } = corrections();
    const at = codePointLength(text.value.slice(0, text.selectionStart).replace(/\s*\n\s*/g, ' ').trimStart());
    send([...operations, { op: 'split', index, at }], split);
  });
  merge?.addEventListener('click', () => {
    const { operations } = corrections();
    send([...operations, { op: 'merge', index }], merge);
  });
}
