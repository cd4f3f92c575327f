// One capture being recorded in this tab: the capture on the server, the part and chunk index the
// recorder writes to, the chunks kept in the browser before they are sent, and the uploader.
// A capture resumed after a reload or a crash continues the chunk index in a new part (a new
// MediaRecorder, so a new WebM/Ogg header).

import { api } from '../api.js';
import { captureRecord, forgetCapture, keepCapture, keepChunk, lastChunk } from './chunkStore.js';
import { ChunkUploader, retryable } from './chunkUploader.js';
import { Recorder } from './recorder.js';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class CaptureSession {
  /**
   * `recordedBefore`: seconds recorded in the earlier parts (null when unknown: resumed in a
   * browser that did not record them). `onUpload` gets the uploader's status, `onError` a chunk
   * that could not be kept in the browser.
   */
  constructor({ capture, userID, part, nextIndex, recordedBefore, onUpload, onError }) {
    this.capture = capture;
    this.userID = userID;
    this.part = part;
    this.nextIndex = nextIndex;
    this.recordedBefore = recordedBefore;
    this.onError = onError;
    this.storing = Promise.resolve();
    this.recorder = null;
    this.uploader = new ChunkUploader(capture.id, onUpload);
  }

  /** Creates the capture on the server (`body` as POST /studies/{id}/captures takes it) and remembers it here. */
  static async create(studyID, userID, body, handlers) {
    const capture = await api(`/studies/${studyID}/captures`, { method: 'POST', json: body });
    const session = new CaptureSession({ capture, userID, part: 0, nextIndex: 0, recordedBefore: 0, ...handlers });
    await keepCapture(session.state(0, 0));
    return session;
  }

  /**
   * Takes up `capture` again: the chunks this browser still holds are sent first; the new part
   * follows the last part any chunk went to, and the index follows the last chunk anyone holds.
   */
  static async resume(capture, userID, handlers) {
    const [last, record] = await Promise.all([lastChunk(capture.id), captureRecord(capture.id)]);
    return new CaptureSession({
      capture,
      userID,
      part: Math.max(capture.parts, last ? last.part + 1 : 0),
      nextIndex: Math.max(capture.chunkCount, last ? last.index + 1 : 0),
      recordedBefore: record ? record.recorded : null,
      ...handlers,
    });
  }

  /** The record kept in the browser for this capture. */
  state(nextIndex, recorded) {
    const { id, studyID, title, mimeType, hasVideo } = this.capture;
    return { captureID: id, studyID, userID: this.userID, title, mimeType, hasVideo, part: this.part, nextIndex, recorded, updatedAt: Date.now() };
  }

  /** Starts a new part recording `stream`, and the uploader. */
  record(stream) {
    this.recorder = new Recorder(stream, this.capture.mimeType, (blob) => this.keep(blob));
    this.recorder.start();
    this.uploader.start();
  }

  /** Keeps a chunk in the browser (in order), then wakes the uploader. */
  keep(blob) {
    const chunk = { captureID: this.capture.id, index: this.nextIndex, part: this.part, blob };
    this.nextIndex += 1;
    const state = this.state(this.nextIndex, this.seconds);
    this.storing = this.storing
      .then(() => keepChunk(chunk, state))
      .then(() => this.uploader.wake())
      .catch((error) => this.onError?.(error));
  }

  pause() {
    this.recorder?.pause();
  }

  resume() {
    this.recorder?.resume();
  }

  /** Seconds recorded in this capture (earlier parts included when known). */
  get seconds() {
    return (this.recordedBefore ?? 0) + (this.recorder?.seconds ?? 0);
  }

  /**
   * Stops recording, waits until the server holds every chunk, then finishes the capture:
   * resolves with `{capture, recording, jobID}`.
   */
  async finish() {
    await this.recorder?.stop();
    await this.storing;
    await this.uploader.flush();
    const body = { chunkCount: this.nextIndex };
    if (this.recordedBefore !== null) body.duration = Math.round(this.seconds * 1000) / 1000;
    for (let attempt = 0; ; attempt += 1) {
      try {
        const reply = await api(`/captures/${this.capture.id}/finish`, { method: 'POST', json: body });
        this.uploader.stop();
        await forgetCapture(this.capture.id);
        return reply;
      } catch (error) {
        // A lost reply is harmless: finishing again answers with the same recording.
        if (!retryable(error) || attempt >= 5) throw error;
        await sleep(1000 * 2 ** attempt);
      }
    }
  }

  /** Stops the recorder and the uploader; what is kept in the browser stays for a later resume. */
  async suspend() {
    await this.recorder?.stop();
    await this.storing;
    this.uploader.stop();
  }
}

/** Deletes `captureID` on the server and in this browser (a 404: gone already). */
export async function discardCapture(captureID) {
  try {
    await api(`/captures/${captureID}`, { method: 'DELETE' });
  } catch (error) {
    if (error.status !== 404) throw error;
  }
  await forgetCapture(captureID);
}
