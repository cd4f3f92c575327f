// Keyboard shortcuts of the transcript page. Keys that edit text (Esc, Ctrl+arrows) are left
// alone while the focus is in a text field; Ctrl+Space, which edits nothing, works everywhere
// so that a transcriber can pause while correcting.

import { h } from '../dom.js';
import { t } from '../i18n.js';

/** The shortcuts, for the list shown on the page. */
export function shortcutList() {
  return [
    { keys: ['Ctrl', 'Space'], action: t('shortcutPlayPause') },
    { keys: ['Esc'], action: t('shortcutPlayPauseOutside') },
    { keys: ['Ctrl', '←'], action: t('shortcutRewind') },
    { keys: ['Ctrl', '→'], action: t('shortcutForward') },
    { keys: ['Ctrl', 'Enter'], action: t('shortcutSave') },
    { keys: ['Esc'], action: t('shortcutCancel') },
  ];
}

/** The list as a `<dl>`. */
export function shortcutHelp() {
  return h('dl', { class: 'shortcuts', id: 'shortcuts' }, shortcutList().map(({ keys, action }) => [
    h('dt', {}, keys.map((key, index) => [index > 0 ? '+' : null, h('kbd', {}, key)])),
    h('dd', {}, action),
  ]));
}

function isEditing(target) {
  return target instanceof HTMLElement &&
    (target.isContentEditable || target.matches('input, textarea, select'));
}

/** Installs the shortcuts for `player`; returns a function that removes them. */
export function installShortcuts(player) {
  const onKey = (event) => {
    const editing = isEditing(event.target);
    if (event.ctrlKey && !event.altKey && !event.metaKey && (event.code === 'Space' || event.key === ' ')) {
      event.preventDefault();
      player.toggle();
    } else if (editing) {
      return;
    } else if (event.key === 'Escape' && !event.ctrlKey && !event.altKey) {
      event.preventDefault();
      player.toggle();
    } else if (event.ctrlKey && !event.altKey && !event.shiftKey && event.key === 'ArrowLeft') {
      event.preventDefault();
      player.skip(-5);
    } else if (event.ctrlKey && !event.altKey && !event.shiftKey && event.key === 'ArrowRight') {
      event.preventDefault();
      player.skip(5);
    }
  };
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}
