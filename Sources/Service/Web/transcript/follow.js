// Follows playback: marks the word being spoken (or the segment, when it has no word times)
// and keeps it in view.

/** Starts following `player` over `rows` (from renderTranscript); returns a stop function. */
export function followPlayback(player, rows, { shouldScroll }) {
  const words = rows.flatMap((row) => row.words.map((entry) => ({ ...entry, row })));
  words.sort((a, b) => a.word.start - b.word.start);
  const segments = rows.slice().sort((a, b) => a.segment.start - b.segment.start);
  let currentWord = null;
  let currentRow = null;
  let frame = 0;

  const findLast = (list, time, startOf) => {
    let low = 0;
    let high = list.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (startOf(list[middle]) <= time) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  };

  const update = () => {
    const time = player.element.currentTime;
    const rowIndex = findLast(segments, time, (row) => row.segment.start);
    const row = rowIndex >= 0 && time < segments[rowIndex].segment.end + 0.05 ? segments[rowIndex] : null;
    let word = null;
    const wordIndex = findLast(words, time, (entry) => entry.word.start);
    if (wordIndex >= 0 && time < words[wordIndex].word.end + 0.05) word = words[wordIndex];
    if (word?.element !== currentWord?.element) {
      currentWord?.element.classList.remove('current');
      word?.element.classList.add('current');
      currentWord = word;
    }
    if (row !== currentRow) {
      currentRow?.element.classList.remove('playing');
      row?.element.classList.add('playing');
      currentRow = row;
      if (row && shouldScroll()) row.element.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    }
  };
  const loop = () => {
    update();
    frame = player.element.paused ? 0 : requestAnimationFrame(loop);
  };
  const onPlay = () => {
    if (!frame) frame = requestAnimationFrame(loop);
  };
  const element = player.element;
  element.addEventListener('play', onPlay);
  element.addEventListener('timeupdate', update);
  element.addEventListener('seeked', update);
  return () => {
    cancelAnimationFrame(frame);
    element.removeEventListener('play', onPlay);
    element.removeEventListener('timeupdate', update);
    element.removeEventListener('seeked', update);
  };
}
