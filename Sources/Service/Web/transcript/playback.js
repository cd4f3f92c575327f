// Playback settings for transcribing, as in oTranscribe and noScribe: the speed, and a few seconds
// replayed when playback resumes after a pause (the words just heard, to type them). Both are kept
// in localStorage for the next session.

import { h } from '../dom.js';
import { t } from '../i18n.js';

const speeds = [0.5, 0.75, 1, 1.25, 1.5, 2];
const rewinds = [0, 1, 2, 3, 5];

function stored(key, allowed, fallback) {
  const value = Number(localStorage.getItem(key));
  return allowed.includes(value) ? value : fallback;
}

/** The speed and rewind controls for `player`: `{element, dispose()}`. */
export function playbackControls(player) {
  const media = player.element;
  let rewind = stored('verbatim.rewind', rewinds, 2);
  media.playbackRate = stored('verbatim.speed', speeds, 1);
  media.defaultPlaybackRate = media.playbackRate;

  const speed = h('select', { id: 'playback-speed' }, speeds.map((value) =>
    h('option', { value, selected: value === media.playbackRate }, `${value.toLocaleString(document.documentElement.lang)}×`)));
  speed.addEventListener('change', () => {
    media.playbackRate = Number(speed.value);
    media.defaultPlaybackRate = media.playbackRate;
    localStorage.setItem('verbatim.speed', speed.value);
  });
  const back = h('select', { id: 'rewind-on-pause' }, rewinds.map((value) =>
    h('option', { value, selected: value === rewind }, value === 0 ? t('rewindNone') : t('rewindSeconds', { n: value }))));
  back.addEventListener('change', () => {
    rewind = Number(back.value);
    localStorage.setItem('verbatim.rewind', back.value);
  });

  // Resuming after a pause replays `rewind` seconds; a seek in between (a click on a time) does not.
  let pausedAt = null;
  const onPause = () => { pausedAt = media.currentTime; };
  const onSeeking = () => {
    if (media.paused && pausedAt !== null && Math.abs(media.currentTime - pausedAt) > 0.05) pausedAt = null;
  };
  const onPlay = () => {
    if (pausedAt !== null && rewind > 0) media.currentTime = Math.max(0, pausedAt - rewind);
    pausedAt = null;
  };
  media.addEventListener('pause', onPause);
  media.addEventListener('seeking', onSeeking);
  media.addEventListener('play', onPlay);

  const element = h('div', { class: 'player-row playback-settings' },
    h('span', { class: 'inline-form' }, h('label', { for: 'playback-speed' }, t('playbackSpeed')), speed),
    h('span', { class: 'inline-form' }, h('label', { for: 'rewind-on-pause' }, t('rewindOnPause')), back));
  return {
    element,
    dispose() {
      media.removeEventListener('pause', onPause);
      media.removeEventListener('seeking', onSeeking);
      media.removeEventListener('play', onPlay);
    },
  };
}
