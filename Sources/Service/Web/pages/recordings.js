// A study's recordings: upload with a progress bar, then transcription jobs followed live
// through the server-sent events of /jobs/{id}/events.

import { api } from '../api.js';
import { announce, formatTime, h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { followEvents } from '../sse.js';
import { uploadResumable } from '../upload.js';

export async function recordingsSection(study, signal, manager) {
  const [recordings, jobs] = await Promise.all([api(`/studies/${study.id}/recordings`), api(`/studies/${study.id}/jobs`)]);
  const latestJob = new Map();
  for (const job of jobs) {
    const recordingID = jobRecording(job);
    if (recordingID !== null) latestJob.set(recordingID, job);
  }
  const body = h('tbody', { id: 'recording-rows' });
  const table = h('table', { class: 'data-table' },
    h('caption', { class: 'visually-hidden' }, t('recordings')),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('title')),
      h('th', { scope: 'col' }, t('duration')),
      h('th', { scope: 'col' }, t('transcription')))),
    body);
  const empty = h('p', { class: 'empty' }, t('noRecordings'));
  empty.hidden = recordings.length > 0;
  const addRow = (recording) => {
    const status = h('td', { class: 'job-status' });
    body.append(h('tr', { dataset: { recording: recording.id } },
      h('th', { scope: 'row' }, h('a', { href: `#/recordings/${recording.id}` }, recording.title)),
      h('td', {}, formatTime(recording.duration ?? NaN)),
      status));
    empty.hidden = true;
    return status;
  };
  for (const recording of recordings) {
    const status = addRow(recording);
    showJob(status, recording, latestJob.get(recording.id) ?? null, signal, manager);
  }
  return h('section', { class: 'card recordings', 'aria-labelledby': 'recordings-title' },
    h('h2', { id: 'recordings-title' }, t('recordings')),
    empty, table,
    manager ? uploadForm(study, (recording, job) => showJob(addRow(recording), recording, job, signal, manager)) : null);
}

/** The recording a transcription job works on, from its payload. */
function jobRecording(job) {
  try {
    return JSON.parse(job.payload).recordingID ?? null;
  } catch {
    return null;
  }
}

/** Shows a job's state in `cell`; follows it live while it is queued or running. */
function showJob(cell, recording, job, signal, manager) {
  if (!job && !manager) {
    replace(cell, h('span', { class: 'job-label' }, t('notTranscribed')));
    return;
  }
  if (!job) {
    const button = h('button', { type: 'button', class: 'quiet' }, t('transcribe'));
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        showJob(cell, recording, await startJob(recording.id), signal, manager);
      } catch (failure) {
        replace(cell, h('span', { class: 'error' }, failure.message));
      }
    });
    replace(cell, button);
    return;
  }
  const label = h('span', { class: 'job-label' });
  const bar = h('progress', { max: 100, value: Math.round(job.progress * 100), 'aria-label': t('transcriptionProgress', { title: recording.title }) });
  const update = (state, progress, error) => {
    label.textContent = state === 'failed' && error ? `${t(`job_${state}`)}: ${error}`
      : state === 'running' ? `${t('job_running')} ${Math.round(progress * 100)} %` : t(`job_${state}`);
    bar.value = Math.round(progress * 100);
    bar.hidden = state !== 'running' && state !== 'queued';
    cell.dataset.state = state;
  };
  replace(cell, bar, ' ', label);
  update(job.state, job.progress, job.error);
  if (job.state === 'succeeded') {
    cell.append(' ', h('a', { href: `#/recordings/${recording.id}`, class: 'open-transcript' }, t('openTranscript')));
    return;
  }
  if (job.state === 'failed' || job.state === 'cancelled') return;
  followEvents(`/jobs/${job.id}/events`, ({ event, data }) => {
    update(data.state, data.progress, data.error);
    if (event === 'done') {
      announce(t('jobFinished', { title: recording.title, state: t(`job_${data.state}`) }));
      if (data.state === 'succeeded') cell.append(' ', h('a', { href: `#/recordings/${recording.id}`, class: 'open-transcript' }, t('openTranscript')));
    }
  }, signal).then(async () => {
    // The stream ends after an hour even if the job runs on: look again and follow anew.
    if (signal.aborted || cell.dataset.state === 'succeeded' || cell.dataset.state === 'failed' || cell.dataset.state === 'cancelled') return;
    showJob(cell, recording, await api(`/jobs/${job.id}`), signal, manager);
  }).catch((failure) => {
    if (!signal.aborted) label.textContent = failure.message;
  });
}

function startJob(recordingID, language = null) {
  return api(`/recordings/${recordingID}/jobs`, { method: 'POST', json: language ? { language } : {} });
}

function uploadForm(study, onUploaded) {
  const file = h('input', { id: 'upload-file', name: 'file', type: 'file', required: true, accept: 'audio/*,video/*' });
  const title = h('input', { id: 'upload-title', name: 'title', maxlength: 200 });
  const language = h('select', { id: 'upload-language', name: 'language' },
    h('option', { value: '' }, t('languageAuto')),
    h('option', { value: 'fr' }, 'Français'),
    h('option', { value: 'en' }, 'English'));
  const progress = h('progress', { id: 'upload-progress', max: 100, value: 0, hidden: true, 'aria-label': t('uploadProgress') });
  const status = h('p', { class: 'help', role: 'status', id: 'upload-status' });
  const button = h('button', { type: 'submit' }, t('upload'));
  const form = h('form', { class: 'upload-form', id: 'upload-form' },
    h('h3', {}, t('uploadRecording')),
    h('div', { class: 'field' }, h('label', { for: 'upload-file' }, t('mediaFile')), file),
    h('div', { class: 'field' }, h('label', { for: 'upload-title' }, t('title')), title),
    h('div', { class: 'field' }, h('label', { for: 'upload-language' }, t('spokenLanguage')), language),
    h('div', { class: 'submit' }, button),
    progress, status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = file.files[0];
    if (!chosen) return;
    button.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    status.textContent = t('uploading');
    try {
      const name = title.value.trim() || chosen.name.replace(/\.[^.]+$/, '');
      // What the status says while bytes flow: a resumed upload says so until it ends.
      let note = t('uploading');
      const recording = await uploadResumable(chosen, {
        studyID: study.id,
        title: name,
        onProgress: (fraction) => {
          progress.value = Math.round(fraction * 100);
          status.textContent = note;
        },
        onResume: (fraction) => {
          note = t('uploadResuming', { percent: Math.round(fraction * 100) });
          status.textContent = note;
        },
        onRetry: (seconds) => {
          status.textContent = t('uploadRetrying', { seconds });
        },
      });
      status.textContent = t('uploaded', { title: recording.title });
      onUploaded(recording, await startJob(recording.id, language.value || null));
      form.reset();
    } catch (failure) {
      status.textContent = failure.message;
    } finally {
      button.disabled = false;
      progress.hidden = true;
    }
  });
  return form;
}
