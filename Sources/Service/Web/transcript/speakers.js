// The recording's speakers: rename them (S1 → Interviewer) and link them to the study's participants.

import { api } from '../api.js';
import { announce, h } from '../dom.js';
import { t } from '../i18n.js';

/** The speakers panel; `onChanged(speakers)` receives the recording's speakers after each change. */
export function speakersPanel({ recording, speakers, participants, editable = true, onChanged }) {
  const error = h('p', { class: 'error', role: 'alert' });
  const list = h('ul', { class: 'plain-list speaker-list', id: 'speaker-list' });
  const draw = () => {
    list.replaceChildren(...speakers.map((speaker) => {
      if (!editable) {
        const linked = participants.find((p) => p.id === speaker.participantID);
        return h('li', {}, h('strong', {}, speaker.label), linked ? ` · ${linked.pseudonym}` : '', speaker.isInterviewer ? ` · ${t('interviewer')}` : '');
      }
      const labelID = `speaker-label-${speaker.id}`;
      const participantID = `speaker-participant-${speaker.id}`;
      const interviewerID = `speaker-interviewer-${speaker.id}`;
      const label = h('input', { id: labelID, value: speaker.label, maxlength: 64, required: true });
      const participant = h('select', { id: participantID },
        h('option', { value: '' }, t('notLinked')),
        participants.map((p) => h('option', { value: p.id, selected: p.id === speaker.participantID }, p.pseudonym)));
      const interviewer = h('input', { id: interviewerID, type: 'checkbox', checked: speaker.isInterviewer });
      const save = h('button', { type: 'submit', class: 'small' }, t('save'));
      const form = h('form', { class: 'speaker', dataset: { speaker: speaker.id } },
        h('div', { class: 'field' }, h('label', { for: labelID }, t('speakerLabel')), label),
        h('div', { class: 'field' }, h('label', { for: participantID }, t('participant')), participant),
        h('div', { class: 'field check' }, interviewer, h('label', { for: interviewerID }, t('interviewer'))),
        save);
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        error.textContent = '';
        const body = { isInterviewer: interviewer.checked, participantID: participant.value ? Number(participant.value) : null };
        if (label.value.trim() !== speaker.label) body.label = label.value.trim();
        try {
          const updated = await api(`/recordings/${recording.id}/speakers/${speaker.id}`, { method: 'PUT', json: body });
          speakers.splice(0, speakers.length, ...updated);
          announce(t('speakerSaved'));
          onChanged(speakers);
        } catch (failure) {
          error.textContent = failure.message;
        }
      });
      return h('li', {}, form);
    }));
  };
  draw();
  return {
    element: h('section', { class: 'card', 'aria-labelledby': 'speakers-title' },
      h('h2', { id: 'speakers-title' }, t('speakers')),
      speakers.length ? null : h('p', { class: 'empty' }, t('noSpeakers')),
      list, error),
    redraw: draw,
  };
}
