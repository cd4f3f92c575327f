// The input level of a stream on a <meter> (Web Audio AnalyserNode): the researcher sees that the
// microphone hears the room before and while recording.

import { t } from '../i18n.js';

/** The lowest level shown, in dB below full scale. */
const floor = -60;

export class LevelMeter {
  /** Shows the level of `stream` on `meter` (min 0, max 1) ten times a second. */
  constructor(stream, meter) {
    this.meter = meter;
    this.context = new AudioContext();
    this.analyser = this.context.createAnalyser();
    this.analyser.fftSize = 2048;
    this.context.createMediaStreamSource(stream).connect(this.analyser);
    this.samples = new Float32Array(this.analyser.fftSize);
    this.timer = setInterval(() => this.update(), 100);
  }

  /** An audio context made before any click starts suspended: a click on the page wakes it. */
  wake() {
    if (this.context.state === 'suspended') this.context.resume().catch(() => {});
  }

  update() {
    this.analyser.getFloatTimeDomainData(this.samples);
    let sum = 0;
    for (const sample of this.samples) sum += sample * sample;
    const decibels = Math.max(floor, 20 * Math.log10(Math.sqrt(sum / this.samples.length) || 1e-9));
    this.meter.value = (decibels - floor) / -floor;
    this.meter.setAttribute('aria-valuetext', t('levelValue', { db: Math.round(decibels) }));
  }

  close() {
    clearInterval(this.timer);
    this.context.close().catch(() => {});
  }
}
