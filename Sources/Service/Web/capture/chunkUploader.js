// Sends a capture's chunks from the browser's store to the server, in index order, one at a time:
// PUT /captures/{id}/chunks/{index}?part={p}. A chunk leaves the store only after the server's 200.
// A network failure or a 5xx is retried with a growing pause (and at once when the browser says it
// is online again); a 409 chunk_gap means the server holds fewer or more chunks than this browser
// thinks: the uploader asks the capture's chunkCount and resends from there.

import { api, ApiError } from '../api.js';
import { firstChunk, forgetChunksBelow, waitingChunks } from './chunkStore.js';

const pauses = [500, 1000, 2000, 4000];

/** Whether `error` is worth retrying: no answer at all, a server error, a timeout or a rate limit. */
export function retryable(error) {
  if (!(error instanceof ApiError)) return error?.name !== 'AbortError';
  return error.status >= 500 || error.status === 408 || error.status === 429;
}

export class ChunkUploader {
  /**
   * `onStatus({waiting, retrying, error})` is called whenever the number of chunks waiting, the
   * connection's state or a fatal error changes.
   */
  constructor(captureID, onStatus) {
    this.captureID = captureID;
    this.onStatus = onStatus;
    this.failures = 0;
    this.stopped = false;
    this.error = null;
    this.flushWaiters = [];
    this.wakeUp = null;
    this.woken = false;
    this.onOnline = () => this.wake();
    window.addEventListener('online', this.onOnline);
  }

  /** Starts sending (what the store holds already, then each chunk as it is kept). */
  start() {
    if (!this.running) this.running = this.loop();
    return this;
  }

  /** Says a new chunk is in the store (or the network is back): send without waiting for the pause to end. */
  wake() {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Resolves when the store holds no chunk of this capture any more; rejects on a fatal error. */
  flush() {
    if (this.error) return Promise.reject(this.error);
    return new Promise((resolve, reject) => {
      this.flushWaiters.push({ resolve, reject });
      this.wake();
    });
  }

  /** Stops sending (the chunks stay in the store). */
  stop() {
    this.stopped = true;
    window.removeEventListener('online', this.onOnline);
    this.wake();
  }

  async loop() {
    while (!this.stopped) {
      let chunk;
      try {
        chunk = await firstChunk(this.captureID);
      } catch (error) {
        this.fail(error);
        return;
      }
      if (!chunk) {
        this.failures = 0;
        await this.report(false);
        for (const waiter of this.flushWaiters.splice(0)) waiter.resolve();
        await this.pause(60000);
        continue;
      }
      try {
        await api(`/captures/${this.captureID}/chunks/${chunk.index}?part=${chunk.part}`, {
          method: 'PUT', body: chunk.blob, headers: { 'Content-Type': 'application/octet-stream' },
        });
        await forgetChunksBelow(this.captureID, chunk.index + 1);
        this.failures = 0;
        await this.report(false);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'chunk_gap') {
          if (!(await this.realign(chunk))) return;
        } else if (retryable(error)) {
          this.failures += 1;
          await this.report(true);
          await this.pause(pauses[Math.min(this.failures - 1, pauses.length - 1)]);
        } else {
          this.fail(error);
          return;
        }
      }
    }
  }

  /** After a chunk_gap: forgets what the server holds already and resends from its chunkCount. */
  async realign(chunk) {
    try {
      const capture = await api(`/captures/${this.captureID}`);
      await forgetChunksBelow(this.captureID, capture.chunkCount);
      const next = await firstChunk(this.captureID);
      if (next && next.index > capture.chunkCount) {
        // A chunk the server lacks is not in this browser either: nothing can fill the gap.
        this.fail(new ApiError(409, 'chunk_gap', `chunk ${capture.chunkCount} (${chunk.index})`));
        return false;
      }
      return true;
    } catch (error) {
      if (!retryable(error)) {
        this.fail(error);
        return false;
      }
      this.failures += 1;
      await this.report(true);
      await this.pause(pauses[Math.min(this.failures - 1, pauses.length - 1)]);
      return true;
    }
  }

  fail(error) {
    this.error = error;
    for (const waiter of this.flushWaiters.splice(0)) waiter.reject(error);
    this.report(false);
  }

  async report(retrying) {
    let waiting = null;
    try {
      waiting = await waitingChunks(this.captureID);
    } catch {
      // The count is only shown.
    }
    this.onStatus({ waiting, retrying, error: this.error });
  }

  /** Waits `ms`, or less if woken. */
  pause(ms) {
    if (this.stopped || this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wakeUp = null;
        self.woken = false;
        resolve();
      }
      this.wakeUp = done;
    });
  }
}
