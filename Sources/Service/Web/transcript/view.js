// The transcript as speaker turns: each segment with its time, its words as spans (when the
// transcript has word times), its review flags and a margin for coding bars.

import { formatTime, h } from '../dom.js';
import { t } from '../i18n.js';

/**
 * Review flags of a segment, whatever shape the API gives them: `flags` as a comma-separated string
 * (`repetition,lowConfidence`), a list or an object, and/or `needsReview: true`. Known flags are named
 * in the interface language.
 */
export function reviewFlags(segment) {
  let names = [];
  if (typeof segment.flags === 'string') {
    names = segment.flags.split(',').map((flag) => flag.trim()).filter(Boolean);
  } else if (Array.isArray(segment.flags)) {
    names = segment.flags.map((flag) => (typeof flag === 'string' ? flag : flag?.reason ?? flag?.kind ?? flag?.code ?? 'flagged'));
  } else if (segment.flags && typeof segment.flags === 'object') {
    names = Object.entries(segment.flags).filter(([, on]) => on).map(([name]) => name);
  }
  if (segment.needsReview && names.length === 0) names.push('needsReview');
  return names.map((name) => {
    const text = t(`flag_${name}`);
    return text === `flag_${name}` ? name : text;
  });
}

/** Splits a segment's text into its words (located in order, as the store does) and the text between. */
export function wordPieces(text, words) {
  const pieces = [];
  let cursor = 0;
  for (const word of words) {
    const target = word.text.trim();
    if (!target) continue;
    const found = text.indexOf(target, cursor);
    if (found < 0) continue;
    if (found > cursor) pieces.push({ text: text.slice(cursor, found) });
    pieces.push({ text: target, word });
    cursor = found + target.length;
  }
  if (cursor < text.length) pieces.push({ text: text.slice(cursor) });
  return pieces;
}

/**
 * Renders the transcript. Returns `{root, rows}`, one row per segment:
 * `{segment, index, element, text, margin, words: [{word, element}]}`.
 */
export function renderTranscript(detail, { speakerLabel, onSeek, language }) {
  const wordsBySegment = new Map();
  for (const word of detail.words) {
    if (!wordsBySegment.has(word.segmentID)) wordsBySegment.set(word.segmentID, []);
    wordsBySegment.get(word.segmentID).push(word);
  }
  const root = h('div', { class: 'transcript', id: 'transcript', lang: language || false });
  const rows = [];
  let turn = null;
  let turnSpeaker;
  detail.segments.forEach((segment, index) => {
    if (!turn || segment.speakerID !== turnSpeaker) {
      turnSpeaker = segment.speakerID;
      const start = segment.start;
      const header = h('div', { class: 'turn-header' },
        h('span', { class: 'turn-speaker' }, speakerLabel(segment.speakerID)),
        h('button', { type: 'button', class: 'turn-time', 'aria-label': t('playFrom', { time: formatTime(start) }), onclick: () => onSeek(start) },
          formatTime(start)));
      turn = h('ol', { class: 'turn-segments' });
      root.append(h('section', { class: 'turn', 'aria-label': `${speakerLabel(segment.speakerID)} ${formatTime(start)}` }, header, turn));
    }
    const words = wordsBySegment.get(segment.id) ?? [];
    const wordElements = [];
    const text = h('p', { class: 'segment-text', dataset: { index } });
    for (const piece of wordPieces(segment.text, words)) {
      if (piece.word) {
        const span = h('span', { class: 'word', dataset: { start: piece.word.start, end: piece.word.end } }, piece.text);
        // 0.75: Transcribe's TranscriptionWord.unsureProbability, calibrated on bench/fidelity.
        if (piece.word.probability !== null && piece.word.probability !== undefined && piece.word.probability < 0.75) span.classList.add('unsure');
        wordElements.push({ word: piece.word, element: span });
        text.append(span);
      } else {
        text.append(piece.text);
      }
    }
    const flags = reviewFlags(segment);
    const margin = h('div', { class: 'margin', 'aria-hidden': 'true' });
    const actions = h('div', { class: 'segment-actions' });
    const element = h('li', {
      class: ['segment', flags.length ? 'needs-review' : null], id: `segment-${index}`,
      dataset: { index, start: segment.start, end: segment.end },
    },
    margin,
    h('div', { class: 'segment-meta' },
      h('button', { type: 'button', class: 'segment-time', 'aria-label': t('playFrom', { time: formatTime(segment.start) }), onclick: () => onSeek(segment.start) },
        formatTime(segment.start))),
    h('div', { class: 'segment-body' },
      text,
      flags.length ? h('p', { class: 'review-reasons' }, h('strong', {}, `⚑ ${t('toReview')}`), ` ${flags.join(' · ')}`) : null),
    actions);
    turn.append(element);
    rows.push({ segment, index, element, text, margin, actions, words: wordElements });
  });
  // A click on a word seeks to it; on the rest of a segment's text, to the segment (not while selecting).
  root.addEventListener('click', (event) => {
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed) return;
    const word = event.target.closest?.('.word');
    if (word) {
      onSeek(Number(word.dataset.start));
      return;
    }
    const text = event.target.closest?.('.segment-text');
    if (text) onSeek(rows[Number(text.dataset.index)].segment.start);
  });
  return { root, rows };
}
