// The live transcript of a capture: GET /captures/{id}/live every two seconds while recording, its
// segments appended to a list (they are only ever appended: earlier text never changes). Until
// the server has a live transcript (or when the network is down) the panel stays as it is.

import { api } from '../api.js';
import { formatTime, h } from '../dom.js';
import { t } from '../i18n.js';

export class LiveTranscript {
  /** Shows the segments of `captureID` in `list` (an aria-live list) and the time covered in `status`. */
  constructor(captureID, list, status) {
    this.captureID = captureID;
    this.list = list;
    this.status = status;
    this.shown = 0;
    this.timer = null;
  }

  /** Polls every two seconds until stopped. */
  start() {
    if (this.timer === null) this.timer = setInterval(() => this.poll(), 2000);
    return this.poll();
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
  }

  /** Reads the live transcript once; resolves with it, or null when there is none (yet). */
  async poll() {
    let live;
    try {
      live = await api(`/captures/${this.captureID}/live`);
    } catch {
      return null;
    }
    const segments = Array.isArray(live?.segments) ? live.segments : [];
    for (const segment of segments.slice(this.shown)) {
      this.list.append(h('li', { class: 'live-segment' },
        h('span', { class: 'live-time' }, formatTime(segment.start)), ' ',
        h('span', { class: 'live-text' }, segment.text)));
    }
    this.shown = Math.max(this.shown, segments.length);
    if (Number.isFinite(live?.transcribedUntil)) {
      this.status.textContent = t('liveUntil', { time: formatTime(live.transcribedUntil) });
    }
    return live;
  }
}
