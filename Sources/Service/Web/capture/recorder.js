// The browser's recorder: the microphone (and camera) stream, the devices to choose from, and a
// MediaRecorder that hands over a chunk every few seconds and measures the time it recorded.

/** Audio formats, best first: Opus in WebM (Chromium, Firefox), else Opus in Ogg. */
export const audioTypes = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus'];
/** Video formats, best first. */
export const videoTypes = ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus'];
/** Milliseconds of media in each chunk. */
export const timeslice = 3000;

/** Whether this browser can record at all (a secure page with getUserMedia and MediaRecorder). */
export function canRecord() {
  return Boolean(window.isSecureContext && navigator.mediaDevices?.getUserMedia && window.MediaRecorder);
}

/** The first format of the list this browser records, or null. */
export function supportedType(video) {
  return (video ? videoTypes : audioTypes).find((type) => MediaRecorder.isTypeSupported(type)) ?? null;
}

/** The microphones and cameras (their labels appear once the page was allowed to use them). */
export async function inputDevices() {
  const devices = await navigator.mediaDevices.enumerateDevices();
  return {
    microphones: devices.filter((device) => device.kind === 'audioinput'),
    cameras: devices.filter((device) => device.kind === 'videoinput'),
  };
}

/** Opens the chosen microphone (and camera when `video`); `''` means the browser's default device. */
export function openStream({ microphone = '', camera = '', video = false }) {
  // An interview is kept as it sounds in the room: no echo cancelling or noise gating of its voices.
  const audio = { echoCancellation: false, noiseSuppression: false, autoGainControl: true };
  if (microphone) audio.deviceId = { exact: microphone };
  return navigator.mediaDevices.getUserMedia({
    audio,
    video: video ? (camera ? { deviceId: { exact: camera } } : true) : false,
  });
}

/** Stops every track of `stream` (the browser's recording indicator goes off). */
export function closeStream(stream) {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/**
 * One MediaRecorder over `stream`: one part of a capture (one WebM/Ogg stream with its own header).
 * `onChunk(blob)` gets each chunk in order; `seconds` is the time recorded so far, pauses excluded.
 */
export class Recorder {
  constructor(stream, mimeType, onChunk) {
    this.recorder = new MediaRecorder(stream, { mimeType });
    this.recorder.addEventListener('dataavailable', (event) => {
      if (event.data.size > 0) onChunk(event.data);
    });
    this.stopped = new Promise((resolve) => this.recorder.addEventListener('stop', resolve, { once: true }));
    this.before = 0;
    this.since = null;
  }

  /** Starts recording; a chunk follows every `timeslice` milliseconds. */
  start() {
    this.recorder.start(timeslice);
    this.since = performance.now();
  }

  pause() {
    if (this.recorder.state !== 'recording') return;
    this.recorder.pause();
    this.before = this.seconds;
    this.since = null;
  }

  resume() {
    if (this.recorder.state !== 'paused') return;
    this.recorder.resume();
    this.since = performance.now();
  }

  /** Stops recording; resolves once the last chunk was handed over. */
  async stop() {
    this.before = this.seconds;
    this.since = null;
    if (this.recorder.state !== 'inactive') this.recorder.stop();
    await this.stopped;
  }

  get state() {
    return this.recorder.state;
  }

  get seconds() {
    return this.before + (this.since === null ? 0 : (performance.now() - this.since) / 1000);
  }
}
