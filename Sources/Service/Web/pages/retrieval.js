// What the retrieval pages share: the study's navigation, links that play a recording from a
// time, highlighting of search words (accents and case folded as the server's index folds them)
// and the list of coded segments.

import { formatTime, h } from '../dom.js';
import { t } from '../i18n.js';
import { isManager } from '../layout.js';

/** The study's pages, as a navigation bar; `current` is the id of the page shown. */
export function studyNav(study, current, role = null) {
  const pages = [
    { id: 'study', href: `#/studies/${study.id}`, label: t('studyOverview') },
    { id: 'search', href: `#/studies/${study.id}/search`, label: t('search') },
    { id: 'codings', href: `#/studies/${study.id}/codings`, label: t('codedSegments') },
    { id: 'matrix', href: `#/studies/${study.id}/matrix`, label: t('codeMatrix') },
    { id: 'codebook', href: `#/studies/${study.id}/codebook`, label: t('codebook') },
  ];
  // The retention schedule, for the study's admins and researchers (the pages that know the role say so).
  if (isManager(role)) pages.push({ id: 'retention', href: `#/studies/${study.id}/retention`, label: t('retention') });
  return h('nav', { class: 'study-nav', 'aria-label': t('studyPages') },
    h('ul', {}, pages.map((page) => h('li', {},
      h('a', { href: page.href, 'aria-current': page.id === current ? 'page' : false }, page.label)))));
}

/** The transcript page of `recordingID`, playing from `seconds`. */
export function playHref(recordingID, seconds) {
  return `#/recordings/${recordingID}?t=${Math.max(0, seconds).toFixed(1)}`;
}

/** A word folded as the search index folds it: no accents, lower case, œ → oe, æ → ae. */
export function fold(text) {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replaceAll('œ', 'oe').replaceAll('æ', 'ae');
}

/** `text` as nodes, with every word whose folded form begins with one of `query`'s words in a `<mark>` (as the search matches). */
export function highlight(text, query) {
  const wanted = fold(query).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    const word = fold(match[0]);
    if (!wanted.some((prefix) => word.startsWith(prefix))) continue;
    if (match.index > last) nodes.push(text.slice(last, match.index));
    nodes.push(h('mark', {}, match[0]));
    last = match.index + match[0].length;
  }
  if (last < text.length) nodes.push(text.slice(last));
  return nodes;
}

/**
 * The list of coded segments: the text, then where it was said (recording, case, speaker, time),
 * the code and the coder; the time plays the recording from there.
 */
export function codedSegmentList(segments, { participants, codes }) {
  if (segments.length === 0) return h('p', { class: 'empty', id: 'coded-segments-empty' }, t('noCodedSegments'));
  const pseudonym = new Map(participants.map((p) => [p.id, p.pseudonym]));
  const codeName = new Map(codes.map((c) => [c.id, c]));
  return h('ol', { class: 'hit-list', id: 'coded-segments' }, segments.map((segment) => {
    const code = codeName.get(segment.codeID);
    const cases = segment.participantIDs.map((id) => pseudonym.get(id)).filter(Boolean);
    return h('li', { class: 'hit', dataset: { coding: segment.codingID } },
      h('blockquote', { class: 'hit-text' }, segment.text),
      h('p', { class: 'hit-meta' },
        h('a', { href: playHref(segment.recordingID, segment.startTime), class: 'play-link',
          'aria-label': t('playSegmentAt', { title: segment.recordingTitle, time: formatTime(segment.startTime) }) },
        `▶ ${formatTime(segment.startTime)}–${formatTime(segment.endTime)}`),
        ' · ', h('span', {}, segment.recordingTitle),
        cases.length ? [' · ', h('span', { class: 'pseudonym' }, cases.join(', '))] : null,
        segment.speakerLabel ? [' · ', h('span', {}, t('speakerIs', { label: segment.speakerLabel }))] : null,
        code ? [' · ', codeChip(code)] : null,
        ' · ', h('span', { class: 'muted' }, t('codedBy', { name: segment.coderName ?? t('userN', { id: segment.coderID }) }))));
  }));
}

/** A study's codes as `<option>`s, indented by depth, parents before children. */
export function codeOptions(codes, selected = null) {
  const byParent = new Map();
  for (const code of codes) {
    const key = code.parentID ?? 0;
    if (!byParent.has(key)) byParent.set(key, []);
    byParent.get(key).push(code);
  }
  const options = [];
  const visit = (parentID, depth) => {
    for (const code of (byParent.get(parentID) ?? []).sort((a, b) => a.name.localeCompare(b.name))) {
      options.push(h('option', { value: code.id, selected: code.id === selected }, `${'\u00a0\u00a0'.repeat(depth)}${code.name}`));
      visit(code.id, depth + 1);
    }
  };
  visit(0, 0);
  return options;
}

/** The code's name with a bar of its colour (set through the CSSOM: the page's policy forbids inline styles). */
export function codeChip(code) {
  const chip = h('span', { class: 'code-tag' }, code.name);
  chip.style.borderLeftColor = code.color;
  return chip;
}
