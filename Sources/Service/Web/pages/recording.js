// The transcript page: the player beside the transcript, speakers, corrections, coding, memos,
// agreement, biometrics and exports of one recording.

import { api } from '../api.js';
import { add, announce, formatTime, h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { currentUser, isManager, setBreadcrumbs, studyRole } from '../layout.js';
import { exportSection } from './exports.js';
import { createPlayer } from '../transcript/player.js';
import { installShortcuts, shortcutHelp } from '../transcript/shortcuts.js';
import { playbackControls } from '../transcript/playback.js';
import { reviewPanel } from '../transcript/review.js';
import { renderTranscript, reviewFlags } from '../transcript/view.js';
import { followPlayback } from '../transcript/follow.js';
import { editSegment } from '../transcript/editor.js';
import { speakersPanel } from '../transcript/speakers.js';
import { codingTools } from '../transcript/coding.js';
import { memoPanel } from '../transcript/memos.js';
import { agreementPanel } from '../transcript/agreement.js';
import { disagreementsPanel } from '../transcript/disagreements.js';
import { workflowBar } from '../transcript/workflow.js';
import { biometricsPanel } from '../transcript/biometrics.js';
import { pseudonymisationPanel } from '../transcript/pseudonymisation.js';
import { recordingDeletionPanel, recordingParticipantsPanel } from './recordingAdmin.js';

export async function renderRecording(main, [recordingID, queryString]) {
  // `?t=83.2`: play from that time (a search hit or a coded segment links here).
  const startAt = Number(new URLSearchParams(queryString ?? '').get('t'));
  const recording = await api(`/recordings/${recordingID}`);
  const [study, me, versions, role] = await Promise.all([
    api(`/studies/${recording.studyID}`), currentUser(), api(`/recordings/${recording.id}/transcripts`), studyRole(recording.studyID)]);
  const manager = isManager(role);
  setBreadcrumbs([{ label: t('studies'), href: '#/' }, { label: study.name, href: `#/studies/${study.id}` }, { label: recording.title }]);
  const player = await createPlayer(recording);
  const stopShortcuts = installShortcuts(player);
  const playback = playbackControls(player);
  const follow = h('input', { type: 'checkbox', id: 'follow-playback', checked: true });
  const clock = h('output', { id: 'clock', 'aria-live': 'off' }, '0:00.0');
  player.element.addEventListener('timeupdate', () => { clock.textContent = formatTime(player.element.currentTime, true); });

  const heading = h('div', { class: 'page-heading' }, h('h1', {}, recording.title));
  const left = h('div', { class: 'side-pane', id: 'side-pane' });
  const right = h('div', { class: 'transcript-pane', id: 'transcript-pane' });
  main.append(heading, h('div', { class: 'transcript-layout' }, left, right));
  left.append(h('section', { class: 'card player-card', 'aria-labelledby': 'player-title' },
    h('h2', { id: 'player-title', class: 'visually-hidden' }, t('player', { title: recording.title })),
    player.element,
    h('div', { class: 'player-row' },
      h('span', {}, t('position'), ' ', clock),
      h('span', { class: 'check' }, follow, h('label', { for: 'follow-playback' }, t('followPlayback')))),
    playback.element,
    h('details', { class: 'shortcut-help', open: true }, h('summary', {}, t('shortcuts')), shortcutHelp())));

  let disposers = [];
  const build = async (transcriptID, resume = null) => {
    disposers.forEach((dispose) => dispose());
    disposers = [];
    for (const element of [...left.children].slice(1)) element.remove();
    replace(right);
    if (versions.length === 0) {
      right.append(h('p', { class: 'empty card' }, t('noTranscript')), h('p', {}, h('a', { href: `#/studies/${study.id}` }, t('backToStudy'))));
      const participants = await api(`/studies/${study.id}/participants`);
      add(left, await recordingParticipantsPanel({ recording, participants, editable: manager }), exportSection(study, recording.id),
        role === 'admin' && recordingDeletionPanel({ recording, study }));
      return;
    }
    const detail = await api(`/transcripts/${transcriptID}`);
    const [speakers, participants, codes, codings, memos, codingStatus] = await Promise.all([
      Promise.resolve(detail.speakers),
      api(`/studies/${study.id}/participants`),
      api(`/studies/${study.id}/codes`),
      api(`/transcripts/${transcriptID}/codings`),
      api(`/studies/${study.id}/memos`),
      api(`/transcripts/${transcriptID}/coding-status`)]);
    const transcript = detail.transcript;
    const speakerLabel = (id) => speakers.find((s) => s.id === id)?.label ?? t('unknownSpeaker');

    // Version line.
    const versionSelect = h('select', { id: 'version-select' }, versions.slice().reverse().map((v) =>
      h('option', { value: v.id, selected: v.id === transcript.id },
        t('versionOption', { n: v.version, engine: v.engine === 'human' ? t('humanEdit') : `${v.engine} ${v.model}`, status: t(`status_${v.status}`) }))));
    versionSelect.addEventListener('change', () => build(Number(versionSelect.value)));
    const flagged = detail.segments.map((segment, index) => (reviewFlags(segment).length ? index : -1)).filter((i) => i >= 0);

    /** After an edit: a new version joins the list, a draft changed in place replaces its entry; then the page is built again. */
    const changed = (result, index) => {
      const saved = result.detail.transcript;
      const known = versions.findIndex((v) => v.id === saved.id);
      if (known >= 0) versions[known] = saved; else versions.push(saved);
      let message = result.isNewVersion ? t('versionSaved', { n: saved.version }) : t('changesSaved', { n: saved.version });
      if (result.codingsLeftBehind.length) message += ` ${t('codingsLeftBehind', { n: result.codingsLeftBehind.length, v: transcript.version })}`;
      announce(message);
      build(saved.id, { time: player.element.currentTime, focusSegment: index, message: result.codingsLeftBehind.length ? message : null });
    };
    const { root, rows } = renderTranscript(detail, { speakerLabel, onSeek: (time) => player.seek(time), language: transcript.language });
    const coding = codingTools({ study, transcript, rows, codes, codings, me, manager, onSeek: (time) => player.seek(time) });
    const memoTools = memoPanel({ study, recording, transcript, rows, memos, me, codingLabel: (id) => coding.label(id) });
    coding.setMemoOpener(({ coding: c, code }) => memoTools.openFor({ coding: c, code }));

    for (const row of rows) {
      add(row.actions,
        manager && h('button', { type: 'button', class: 'quiet small edit-button', 'aria-label': t('correctSegment', { n: row.index + 1 }),
          onclick: () => editSegment(row, {
            transcript, speakers, speakerLabel, isLast: row.index === detail.segments.length - 1,
            onSaved: (result, index) => changed(result, index),
          }) }, t('correct')),
        h('button', { type: 'button', class: 'quiet small', 'aria-label': t('memoOnSegment', { n: row.index + 1 }),
          onclick: () => memoTools.openFor({ segment: row.index }) }, t('memo')));
    }

    let nextFlag = 0;
    const reviewBar = flagged.length
      ? h('div', { class: 'review-bar' }, h('span', {}, t('segmentsToReview', { n: flagged.length })),
        h('button', { type: 'button', class: 'quiet small', id: 'next-review', onclick: () => {
          const row = rows[flagged[nextFlag % flagged.length]];
          nextFlag += 1;
          row.element.scrollIntoView({ block: 'center' });
          row.element.querySelector('.segment-time')?.focus();
          player.seek(row.segment.start);
        } }, t('nextToReview')))
      : null;

    add(right,
      h('p', { class: 'version-line' }, h('label', { for: 'version-select' }, t('version')), ' ', versionSelect, ' ',
        h('span', { class: 'muted' }, t('segmentCount', { n: detail.segments.length }))),
      coding.toolbar, reviewBar, root);
    disposers.push(followPlayback(player, rows, { shouldScroll: () => follow.checked }), () => coding.dispose());

    const speakersTools = speakersPanel({
      recording, speakers, participants, editable: manager, onChanged: () => build(transcript.id, { time: player.element.currentTime }),
    });
    const review = manager && reviewPanel({
      recording, transcript, segments: detail.segments,
      onChanged: (result) => changed(result),
      onStatus: (saved) => {
        const known = versions.findIndex((v) => v.id === saved.id);
        if (known >= 0) versions[known] = saved;
        build(saved.id, { time: player.element.currentTime });
      },
    });
    const workflow = workflowBar({
      transcript, status: codingStatus, me, role, onChanged: () => build(transcript.id, { time: player.element.currentTime }),
    });
    const disagreements = disagreementsPanel({
      transcript, codes, status: codingStatus, onSeek: (time) => player.seek(time),
      onDecided: async () => coding.reload(await api(`/transcripts/${transcript.id}/codings`)),
    });
    const pseudonyms = manager && pseudonymisationPanel({ transcript, rows });
    add(left, review && review.element, pseudonyms && pseudonyms.element, speakersTools.element, await recordingParticipantsPanel({ recording, participants, editable: manager }),
      workflow, coding.panel, memoTools.element, disagreements,
      codingStatus.disagreementsOpen && agreementPanel({ transcript, codes }), exportSection(study, recording.id),
      role === 'admin' && recordingDeletionPanel({ recording, study }));

    try {
      const bio = await biometricsPanel({ recording, transcript, segments: detail.segments, player, speakerLabel });
      if (bio) {
        right.append(bio.element);
        disposers.push(bio.dispose);
      }
    } catch (failure) {
      right.append(h('p', { class: 'error' }, failure.message));
    }
    if (resume) {
      if (resume.message) right.prepend(h('p', { class: 'notice', role: 'status' }, resume.message));
      if (Number.isFinite(resume.time)) player.seek(resume.time);
      if (resume.focusSegment !== undefined) rows[resume.focusSegment]?.element.querySelector('.edit-button')?.focus();
    }
  };
  await build(versions.at(-1)?.id ?? null);
  if (Number.isFinite(startAt) && startAt > 0) playFrom(player, startAt, right);
  return () => {
    disposers.forEach((dispose) => dispose());
    stopShortcuts();
    playback.dispose();
    player.dispose();
  };
}

/** Plays from `seconds` (once the media can seek) and brings the segment being said into view. */
function playFrom(player, seconds, pane) {
  const element = player.element;
  const go = () => {
    player.seek(seconds);
    element.play().catch(() => {});
  };
  if (element.readyState >= 1) go();
  else element.addEventListener('loadedmetadata', go, { once: true });
  const rows = [...pane.querySelectorAll('li.segment[data-start]')];
  const row = rows.filter((candidate) => Number(candidate.dataset.start) <= seconds + 0.05).at(-1);
  row?.scrollIntoView({ block: 'center' });
}
