// The recording's player. A media element cannot send an Authorization header, so the page asks
// the API for a short-lived link scoped to this recording and this user
// (POST /recordings/{id}/media-token) and renews it when it expires; the API token itself never
// goes into the URL.

import { api } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';

/** A player for `recording`: `{element, seek(seconds), toggle(), skip(seconds), dispose()}`. */
export async function createPlayer(recording) {
  const element = h(recording.hasVideo ? 'video' : 'audio', {
    id: 'player', controls: true, preload: 'metadata', 'aria-label': t('player', { title: recording.title }),
  });
  let link;
  try {
    link = await api(`/recordings/${recording.id}/media-token`, { method: 'POST' });
  } catch (failure) {
    // A coder of a study pseudonymised for coders may not hear the original (it says the names).
    if (failure.code !== 'media_not_pseudonymised') throw failure;
    const notice = h('p', { class: 'notice', id: 'media-refused', role: 'status' }, failure.message);
    return { element: notice, seek() {}, toggle() {}, skip() {}, dispose() {} };
  }
  let lastRenewal = Date.now();
  element.src = link.url;

  const renew = async () => {
    const position = element.currentTime;
    const wasPlaying = !element.paused;
    link = await api(`/recordings/${recording.id}/media-token`, { method: 'POST' });
    lastRenewal = Date.now();
    element.src = link.url;
    element.addEventListener('loadedmetadata', () => {
      element.currentTime = position;
      if (wasPlaying) element.play().catch(() => {});
    }, { once: true });
  };
  // An expired link makes the next range request fail: renew it (at most every 10 s) and resume.
  element.addEventListener('error', () => {
    if (Date.now() - lastRenewal > 10_000) renew().catch(() => {});
  });
  // While paused, swap a link about to expire for a fresh one so that the next play just works.
  const timer = setInterval(() => {
    const left = new Date(link.expiresAt).getTime() - Date.now();
    if (element.paused && left < 90_000) renew().catch(() => {});
  }, 30_000);

  return {
    element,
    seek(seconds) {
      element.currentTime = Math.max(0, seconds);
    },
    toggle() {
      if (element.paused) element.play().catch(() => {});
      else element.pause();
    },
    skip(seconds) {
      element.currentTime = Math.max(0, Math.min(element.duration || Infinity, element.currentTime + seconds));
    },
    dispose() {
      clearInterval(timer);
      element.pause();
      element.removeAttribute('src');
      element.load();
    },
  };
}
