// Turns a text selection in the transcript into the store's character offsets: the transcript's
// text is its segments joined by line breaks, counted in Unicode code points.

import { codePointLength } from '../dom.js';

/** Code points from the start of `container` to (`node`, `offset`). */
function offsetWithin(container, node, offset) {
  const range = document.createRange();
  range.setStart(container, 0);
  range.setEnd(node, offset);
  return codePointLength(range.toString());
}

/**
 * The selection as `{charStart, charEnd, text, first, last}` (first/last: row indexes), or null
 * when nothing inside the transcript's text is selected.
 */
export function selectedSpan(rows) {
  const selection = window.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  const textOf = (node) => (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement)?.closest('.segment-text');
  let startText = textOf(range.startContainer);
  let endText = textOf(range.endContainer);
  let startOffset = 0;
  let endOffset = 0;
  if (startText) startOffset = offsetWithin(startText, range.startContainer, range.startOffset);
  if (endText) endOffset = offsetWithin(endText, range.endContainer, range.endOffset);
  // A selection that starts or ends outside a segment's text (on a time, a speaker) snaps to the nearest text.
  const texts = rows.map((row) => row.text);
  if (!startText) {
    startText = texts.find((text) => range.intersectsNode(text));
    startOffset = 0;
  }
  if (!endText) {
    endText = texts.slice().reverse().find((text) => range.intersectsNode(text));
    endOffset = endText ? codePointLength(endText.textContent) : 0;
  }
  if (!startText || !endText) return null;
  const first = Number(startText.dataset.index);
  const last = Number(endText.dataset.index);
  const charStart = rows[first].segment.charStart + startOffset;
  const charEnd = rows[last].segment.charStart + endOffset;
  if (charEnd <= charStart) return null;
  return { charStart, charEnd, text: selection.toString().trim(), first, last };
}

/** The DOM range of characters `charStart..<charEnd` (for highlighting a coding), or null. */
export function rangeOf(rows, charStart, charEnd) {
  const locate = (position, isEnd) => {
    const row = rows.find((r) => position >= r.segment.charStart && (isEnd ? position <= r.segment.charEnd : position < r.segment.charEnd))
      ?? (isEnd ? rows.findLast((r) => r.segment.charEnd <= position) : rows.find((r) => r.segment.charStart >= position));
    if (!row) return null;
    let remaining = Math.max(0, Math.min(position, row.segment.charEnd) - row.segment.charStart);
    const walker = document.createTreeWalker(row.text, NodeFilter.SHOW_TEXT);
    let node = walker.nextNode();
    while (node) {
      const points = [...node.data];
      if (remaining <= points.length) return [node, points.slice(0, remaining).join('').length];
      remaining -= points.length;
      node = walker.nextNode();
    }
    return [row.text, row.text.childNodes.length];
  };
  const start = locate(charStart, false);
  const end = locate(charEnd, true);
  if (!start || !end) return null;
  const range = document.createRange();
  range.setStart(...start);
  range.setEnd(...end);
  return range;
}
