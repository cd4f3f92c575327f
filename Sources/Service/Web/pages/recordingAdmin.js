// On a recording's page: the participants linked to it with their role (linked in the page by
// managers), and deleting the recording (administrators), after a confirmation saying what goes.

import { api } from '../api.js';
import { announce, h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { roleLabel } from './participant.js';

/** The "Participants in this recording" card. */
export async function recordingParticipantsPanel({ recording, participants, editable }) {
  const list = h('ul', { class: 'plain-list', id: 'recording-participants' });
  const error = h('p', { class: 'error', role: 'alert' });
  const show = (links) => {
    const pseudonym = new Map(participants.map((p) => [p.id, p.pseudonym]));
    replace(list, links.length
      ? links.map((link) => h('li', {}, h('a', { href: `#/participants/${link.participantID}`, class: 'pseudonym' },
        pseudonym.get(link.participantID) ?? link.participantID), ' · ', roleLabel(link.role)))
      : h('li', { class: 'empty' }, t('noLinkedParticipants')));
  };
  show(await api(`/recordings/${recording.id}/participants`));
  let form = null;
  if (editable && participants.length) {
    const who = h('select', { id: 'link-participant' }, participants.map((p) => h('option', { value: p.id }, p.pseudonym)));
    const role = h('select', { id: 'link-role' },
      ['interviewee', 'interviewer', 'caregiver'].map((r) => h('option', { value: r }, roleLabel(r))));
    form = h('form', { class: 'inline-form', id: 'link-form' },
      h('label', { for: 'link-participant' }, t('participant')), who,
      h('label', { for: 'link-role' }, t('roleInRecording')), role,
      h('button', { type: 'submit' }, t('link')), error);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.textContent = '';
      try {
        show(await api(`/recordings/${recording.id}/participants/${who.value}`, { method: 'PUT', json: { role: role.value } }));
        announce(t('participantLinked', { pseudonym: who.selectedOptions[0].textContent }));
      } catch (failure) {
        error.textContent = failure.message;
      }
    });
  }
  return h('section', { class: 'card', 'aria-labelledby': 'recording-participants-title' },
    h('h2', { id: 'recording-participants-title' }, t('recordingParticipants')), list, form);
}

/** The "Delete this recording" card: a preview of what goes, a reason, then the deletion. */
export function recordingDeletionPanel({ recording, study }) {
  const area = h('div', { id: 'delete-recording-area' });
  const error = h('p', { class: 'error', role: 'alert' });
  const start = h('button', { type: 'button', class: 'danger', id: 'delete-recording', onclick: async () => {
    error.textContent = '';
    try {
      const plan = await api(`/recordings/${recording.id}/deletion`);
      const reason = h('input', { id: 'delete-reason', maxlength: 500, placeholder: t('deleteReasonExample') });
      const confirm = h('button', { type: 'button', class: 'danger', id: 'confirm-delete-recording', onclick: async () => {
        try {
          await api(`/recordings/${recording.id}?reason=${encodeURIComponent(reason.value.trim() || 'deletion requested')}`, { method: 'DELETE' });
          announce(t('recordingDeleted', { title: recording.title }));
          location.hash = `#/studies/${study.id}`;
        } catch (failure) {
          error.textContent = failure.message;
        }
      } }, t('deleteConfirm'));
      replace(area, h('div', { class: 'confirm', role: 'group', 'aria-labelledby': 'delete-plan' },
        h('p', { id: 'delete-plan' }, t('deleteRecordingPlan', {
          title: recording.title, transcripts: plan.transcripts, segments: plan.segments, codings: plan.codings,
          memos: plan.memos, jobs: plan.jobs, links: plan.participantLinks })),
        h('span', { class: 'field' }, h('label', { for: 'delete-reason' }, t('deleteReason')), reason),
        h('p', { class: 'buttons' }, confirm, h('button', { type: 'button', class: 'quiet', onclick: () => { replace(area); start.focus(); } }, t('cancel')))));
      confirm.focus();
    } catch (failure) {
      error.textContent = failure.message;
    }
  } }, t('deleteRecording'));
  return h('section', { class: 'card', 'aria-labelledby': 'delete-recording-title' },
    h('h2', { id: 'delete-recording-title' }, t('deleteRecordingTitle')), h('p', { class: 'help' }, t('deleteRecordingHelp')), start, area, error);
}
