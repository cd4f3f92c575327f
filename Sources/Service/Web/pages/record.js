// "Record an interview" for a study: consent first, then the microphone (and camera), the input
// level, record / pause / resume / stop. Chunks are kept in the browser until the server has them
// (capture/), a recording left unfinished here or by this user elsewhere is offered for resuming,
// the live transcript shows while recording, and the stored recording's transcription at the end.

import { api } from '../api.js';
import { announce, formatTime, h, replace } from '../dom.js';
import { language, t } from '../i18n.js';
import { currentUser, isManager, setBreadcrumbs, studyRole } from '../layout.js';
import { followEvents } from '../sse.js';
import { CaptureSession, discardCapture } from '../capture/captureSession.js';
import { capturesUnderWay, forgetCapture, waitingChunks } from '../capture/chunkStore.js';
import { LevelMeter } from '../capture/levelMeter.js';
import { LiveTranscript } from '../capture/liveTranscript.js';
import { canRecord, closeStream, inputDevices, openStream, supportedType } from '../capture/recorder.js';
import { ScreenWake } from '../capture/wakeLock.js';
import { recordingSetup } from './recordSetup.js';

export async function renderRecord(main, [studyID]) {
  const study = await api(`/studies/${studyID}`);
  const [role, me] = await Promise.all([studyRole(study.id), currentUser()]);
  setBreadcrumbs([{ label: t('studies'), href: '#/' }, { label: study.name, href: `#/studies/${study.id}` }, { label: t('recordInterview') }]);
  main.append(h('h1', {}, t('recordInterview')), h('p', { class: 'lead' }, study.name));
  if (!isManager(role)) {
    main.append(h('p', { class: 'error', role: 'alert' }, t('recordManagersOnly')));
    return null;
  }
  if (!canRecord()) {
    main.append(h('p', { class: 'error', role: 'alert' }, t('recordUnsupported')));
    return null;
  }
  const participants = await api(`/studies/${study.id}/participants`);
  const page = new RecordPage(main, study, me.user, participants);
  await page.render();
  return () => page.dispose();
}

class RecordPage {
  constructor(main, study, user, participants) {
    this.main = main;
    this.study = study;
    this.user = user;
    this.setup = recordingSetup(participants, () => this.openInput(), () => this.updateButtons());
    this.session = null;
    this.stream = null;
    this.meter = null;
    this.live = null;
    this.wake = new ScreenWake();
    this.disposed = false;
  }

  async render() {
    this.offers = h('section', { class: 'card resume-offers', id: 'resume-offers', 'aria-labelledby': 'resume-title', hidden: true });
    this.elapsed = h('output', { id: 'record-elapsed', class: 'record-clock', 'aria-live': 'off' }, formatTime(0));
    this.stateLine = h('p', { id: 'record-state', role: 'status' });
    this.startButton = h('button', { type: 'button', id: 'record-start', class: 'big', onclick: () => this.start() }, t('record'));
    this.pauseButton = h('button', { type: 'button', id: 'record-pause', class: 'big quiet', disabled: true, onclick: () => this.togglePause() }, t('pause'));
    this.stopButton = h('button', { type: 'button', id: 'record-stop', class: 'big', disabled: true, onclick: () => this.stop() }, t('stop'));
    this.uploadStatus = h('p', { id: 'upload-status', class: 'help' });
    this.error = h('p', { id: 'record-error', class: 'error', role: 'alert' });
    this.controls = h('section', { class: 'card record-controls', id: 'record-controls', 'aria-labelledby': 'controls-title', dataset: { state: 'ready' } },
      h('h2', { id: 'controls-title', class: 'visually-hidden' }, t('recordInterview')),
      h('p', { class: 'clock-line' }, h('label', { for: 'record-elapsed' }, t('elapsed')), ' ', this.elapsed),
      this.stateLine,
      h('div', { class: 'record-buttons' }, this.startButton, this.pauseButton, this.stopButton),
      this.uploadStatus, this.error);
    this.liveList = h('ol', { id: 'live-segments', class: 'live-segments', 'aria-live': 'polite' });
    this.liveStatus = h('p', { id: 'live-status', class: 'help' });
    this.result = h('section', { class: 'card record-result', id: 'record-result', 'aria-labelledby': 'result-title', hidden: true });
    this.main.append(this.offers,
      h('div', { class: 'record-layout' },
        this.setup.element,
        h('div', {}, this.controls, this.result,
          h('section', { class: 'card live-transcript', id: 'live-transcript', 'aria-labelledby': 'live-title' },
            h('h2', { id: 'live-title' }, t('liveTranscript')),
            h('p', { class: 'help' }, t('liveHelp')), this.liveStatus, this.liveList))));
    this.ticker = setInterval(() => {
      this.elapsed.textContent = formatTime(this.session?.seconds ?? 0);
    }, 250);
    this.updateButtons();
    await Promise.all([this.showOffers(), this.openInput()]);
  }

  /** Opens the chosen microphone (and camera) and shows its level; the device lists get their labels. */
  async openInput() {
    if (this.session?.recorder) return;
    closeStream(this.stream);
    this.meter?.close();
    this.meter = null;
    this.stream = null;
    this.error.textContent = '';
    try {
      this.stream = await openStream(this.setup.choice());
    } catch (failure) {
      this.error.textContent = failure.name === 'NotAllowedError' ? t('microphoneRefused')
        : failure.name === 'NotFoundError' || failure.name === 'OverconstrainedError' ? t('noMicrophone') : failure.message;
      this.updateButtons();
      return;
    }
    if (this.disposed) {
      closeStream(this.stream);
      return;
    }
    this.meter = new LevelMeter(this.stream, this.setup.meter);
    this.setup.showPreview(this.stream);
    this.setup.listDevices(await inputDevices(), this.stream);
    this.updateButtons();
  }

  /** The unfinished captures of this user in this study: kept in this browser, or listed by the server. */
  async showOffers() {
    let local = [];
    try {
      local = await capturesUnderWay(this.study.id, this.user.id);
    } catch {
      // No IndexedDB (a private window may refuse it): the server's list still offers them.
    }
    const found = new Map();
    try {
      const remote = await api(`/studies/${this.study.id}/captures?state=recording`);
      for (const capture of remote) if (capture.consentBy === this.user.id) found.set(capture.id, capture);
    } catch {
      // The list is a convenience: the browser's own records follow.
    }
    for (const record of local) {
      if (found.has(record.captureID)) continue;
      try {
        const capture = await api(`/captures/${record.captureID}`);
        if (capture.state === 'recording') found.set(capture.id, capture);
        else await forgetCapture(record.captureID);
      } catch (failure) {
        if (failure.status === 404) await forgetCapture(record.captureID);
      }
    }
    replace(this.offers, h('h2', { id: 'resume-title' }, t('unfinishedRecordings')));
    const list = h('ul', { class: 'plain-list' });
    for (const capture of [...found.values()].sort((a, b) => b.id - a.id)) list.append(await this.offer(capture));
    this.offers.append(list);
    this.offers.hidden = found.size === 0;
  }

  async offer(capture) {
    let waiting = 0;
    try {
      waiting = await waitingChunks(capture.id);
    } catch {
      // Shown as none.
    }
    const item = h('li', { class: 'resume-offer', dataset: { capture: capture.id } });
    const buttons = h('div', { class: 'buttons' },
      h('button', { type: 'button', class: 'big resume', id: `resume-${capture.id}`, onclick: () => this.resume(capture) },
        t('resumeOffer', { title: capture.title })),
      h('button', { type: 'button', class: 'quiet discard', id: `discard-${capture.id}`, 'aria-label': t('discardLabel', { title: capture.title }),
        onclick: () => confirmDiscard() }, t('discard')));
    const confirmDiscard = () => {
      const yes = h('button', { type: 'button', class: 'danger', id: `discard-yes-${capture.id}` }, t('discardYes'));
      const no = h('button', { type: 'button', class: 'quiet' }, t('cancel'));
      const box = h('div', { class: 'confirm', role: 'group', 'aria-label': t('discardLabel', { title: capture.title }) },
        h('p', {}, t('discardConfirm', { title: capture.title })), h('div', { class: 'buttons' }, yes, no));
      no.addEventListener('click', () => {
        box.replaceWith(buttons);
        buttons.querySelector('.discard').focus();
      });
      yes.addEventListener('click', async () => {
        yes.disabled = true;
        try {
          await discardCapture(capture.id);
          item.remove();
          announce(t('discarded', { title: capture.title }));
          this.offers.hidden = !this.offers.querySelector('.resume-offer');
        } catch (failure) {
          box.append(h('p', { class: 'error', role: 'alert' }, failure.message));
          yes.disabled = false;
        }
      });
      buttons.replaceWith(box);
      no.focus();
    };
    item.append(
      h('p', {}, h('strong', {}, capture.title), ' · ',
        t('resumeDetails', { date: new Date(capture.createdAt).toLocaleString(language()), chunks: capture.chunkCount, waiting })),
      buttons);
    return item;
  }

  handlers() {
    return {
      onUpload: (status) => this.showUpload(status),
      onError: (failure) => {
        this.error.textContent = t('chunkNotKept', { message: failure.message });
      },
    };
  }

  /** Consent given: creates the capture and records its first part. */
  async start() {
    if (this.session || !this.setup.consented()) return;
    this.meter?.wake();
    const mimeType = supportedType(this.setup.choice().video);
    if (!mimeType) {
      this.error.textContent = t('formatUnsupported');
      return;
    }
    this.startButton.disabled = true;
    this.error.textContent = '';
    try {
      this.session = await CaptureSession.create(this.study.id, this.user.id, { ...this.setup.captureBody(), mimeType }, this.handlers());
    } catch (failure) {
      this.error.textContent = failure.message;
      this.updateButtons();
      return;
    }
    this.offers.hidden = true;
    this.beginPart();
  }

  /** Takes up an unfinished capture: what this browser holds is sent, and a new part is recorded. */
  async resume(offered) {
    if (this.session) return;
    this.error.textContent = '';
    try {
      const capture = await api(`/captures/${offered.id}`);
      if (capture.state !== 'recording') {
        await forgetCapture(capture.id);
        await this.showOffers();
        return;
      }
      if (!MediaRecorder.isTypeSupported(capture.mimeType)) {
        this.error.textContent = t('formatUnsupported');
        return;
      }
      this.setup.showCapture(capture);
      if (capture.hasVideo !== this.setup.choice().video || !this.stream) {
        this.setup.setVideo(capture.hasVideo);
        await this.openInput();
      }
      if (!this.stream) return;
      this.session = await CaptureSession.resume(capture, this.user.id, this.handlers());
    } catch (failure) {
      this.error.textContent = failure.message;
      return;
    }
    this.offers.hidden = true;
    this.beginPart();
    announce(t('resumedRecording', { title: this.session.capture.title }));
  }

  beginPart() {
    this.meter?.wake();
    this.setup.lock();
    this.session.record(this.stream);
    this.live = new LiveTranscript(this.session.capture.id, this.liveList, this.liveStatus);
    this.live.start();
    this.wake.hold();
    this.setState('recording');
  }

  togglePause() {
    if (!this.session?.recorder) return;
    if (this.session.recorder.state === 'recording') {
      this.session.pause();
      this.wake.release();
      this.setState('paused');
    } else {
      this.session.resume();
      this.wake.hold();
      this.setState('recording');
    }
  }

  /** Sends what is left, finishes the capture and shows the stored recording. */
  async stop() {
    if (!this.session) return;
    this.setState('stopping');
    this.wake.release();
    try {
      const reply = await this.session.finish();
      closeStream(this.stream);
      this.meter?.close();
      this.meter = null;
      this.stream = null;
      await this.live.poll();
      this.live.stop();
      this.setState('finished');
      this.showResult(reply);
    } catch (failure) {
      this.error.textContent = failure.message;
      this.setState('failed');
    }
  }

  setState(state) {
    this.controls.dataset.state = state;
    const text = {
      recording: t('captureRecording'), paused: t('capturePaused'), stopping: t('captureFinishing'),
      finished: '', failed: t('captureNotFinished'),
    }[state];
    this.stateLine.textContent = text ?? '';
    this.pauseButton.textContent = state === 'paused' ? t('resume') : t('pause');
    this.updateButtons();
  }

  updateButtons() {
    const state = this.controls?.dataset.state ?? 'ready';
    if (!this.startButton) return;
    this.startButton.disabled = state !== 'ready' || Boolean(this.session) || !this.stream || !this.setup.consented();
    this.pauseButton.disabled = state !== 'recording' && state !== 'paused';
    this.stopButton.disabled = state !== 'recording' && state !== 'paused' && state !== 'failed';
    if (state === 'ready') this.stateLine.textContent = this.setup.consented() ? t('captureReady') : t('captureConsentFirst');
  }

  showUpload({ waiting, retrying, error }) {
    const was = this.uploadStatus.dataset.retrying === 'true';
    this.uploadStatus.dataset.waiting = String(waiting ?? '');
    this.uploadStatus.dataset.retrying = String(retrying);
    this.uploadStatus.classList.toggle('error', Boolean(error) || retrying);
    this.uploadStatus.textContent = error ? t('uploadStopped', { message: error.message })
      : retrying ? t('chunksWaitingOffline', { n: waiting ?? '?' })
        : waiting > 0 ? t('chunksWaiting', { n: waiting }) : t('allChunksSent');
    if (retrying && !was) announce(this.uploadStatus.textContent);
    if (!retrying && was) announce(t('connectionBack'));
  }

  showResult({ recording, jobID }) {
    const label = h('span', { id: 'job-state', class: 'job-label' }, t('job_queued'));
    const progress = h('progress', { max: 100, value: 0, 'aria-label': t('transcriptionProgress', { title: recording.title }) });
    const link = h('a', { href: `#/recordings/${recording.id}`, id: 'recording-link' }, t('openRecording'));
    replace(this.result,
      h('h2', { id: 'result-title' }, t('recordingSaved')),
      h('p', {}, t('captureFinished', { title: recording.title, duration: formatTime(recording.duration ?? NaN) })),
      h('p', { class: 'job-status', id: 'record-job' }, t('transcription'), ' ', progress, ' ', label),
      h('p', { class: 'buttons' }, link, ' ', h('a', { href: `#/studies/${this.study.id}` }, t('backToStudy'))));
    this.result.hidden = false;
    link.focus();
    announce(t('captureFinished', { title: recording.title, duration: formatTime(recording.duration ?? NaN) }));
    if (jobID === null || jobID === undefined) return;
    this.jobs = new AbortController();
    followEvents(`/jobs/${jobID}/events`, ({ event, data }) => {
      label.textContent = data.state === 'running' ? `${t('job_running')} ${Math.round(data.progress * 100)} %` : t(`job_${data.state}`);
      progress.value = Math.round((data.progress ?? 0) * 100);
      progress.hidden = data.state !== 'running' && data.state !== 'queued';
      this.result.dataset.job = data.state;
      if (event === 'done') announce(t('jobFinished', { title: recording.title, state: t(`job_${data.state}`) }));
    }, this.jobs.signal).catch(() => {
      // The link to the recording stays; its page shows the transcript when it is there.
    });
  }

  dispose() {
    this.disposed = true;
    clearInterval(this.ticker);
    this.live?.stop();
    this.jobs?.abort();
    this.wake.close();
    this.meter?.close();
    const session = this.session;
    const stream = this.stream;
    // Leaving the page mid-recording keeps every chunk handed over: the page offers to resume it.
    if (session && this.controls.dataset.state !== 'finished') session.suspend().finally(() => closeStream(stream));
    else closeStream(stream);
  }
}
