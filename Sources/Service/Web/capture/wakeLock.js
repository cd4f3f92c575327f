// Keeps a phone's screen on while recording (Screen Wake Lock API, where the browser has it): a
// phone that locks its screen may stop the page. The browser drops the lock when the page is
// hidden, so it is asked again when the page is visible again.

export class ScreenWake {
  constructor() {
    this.wanted = false;
    this.sentinel = null;
    this.onVisibility = () => {
      if (this.wanted && document.visibilityState === 'visible') this.request();
    };
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  /** Keeps the screen on (while recording). */
  hold() {
    this.wanted = true;
    return this.request();
  }

  /** Lets the screen sleep again (paused or stopped). */
  release() {
    this.wanted = false;
    this.sentinel?.release().catch(() => {});
    this.sentinel = null;
  }

  close() {
    this.release();
    document.removeEventListener('visibilitychange', this.onVisibility);
  }

  /** Whether the screen is held on now. */
  get held() {
    return Boolean(this.sentinel && !this.sentinel.released);
  }

  async request() {
    if (!('wakeLock' in navigator) || this.held || document.visibilityState !== 'visible') return;
    try {
      this.sentinel = await navigator.wakeLock.request('screen');
      if (!this.wanted) this.release();
    } catch {
      // Refused (battery saver, no user gesture, unsupported): the page records all the same.
    }
  }
}
