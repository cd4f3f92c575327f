// Memos on a segment or on a coding. The store anchors a memo to a transcript, a code or a coding;
// a segment memo is a transcript memo whose title starts with "¶<segment number>".

import { api } from '../api.js';
import { announce, formatTime, h, replace } from '../dom.js';
import { language, t } from '../i18n.js';

/** The segment number a memo title points at, or null. */
export function memoSegment(memo) {
  const match = /^¶(\d+)/.exec(memo.title);
  return match ? Number(match[1]) - 1 : null;
}

/** "Ana · 3 déc. 2026, 17:40": the memo's author (as the API names them) and time in the page's language. */
export function memoByline(memo) {
  const when = memo.createdAt ? new Intl.DateTimeFormat(language(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(memo.createdAt)) : '';
  return t('memoByline', { author: memo.authorName || t('unknownAuthor'), date: when });
}

/** The memo panel: `{element, openFor(target), markSegments()}`; target `{segment}` or `{coding, code}`. */
export function memoPanel({ study, recording, transcript, rows, memos, codingLabel, me }) {
  const list = h('ul', { class: 'plain-list memo-list', id: 'memo-list' });
  const empty = h('p', { class: 'empty' }, t('noMemos'));
  const target = h('p', { class: 'memo-target', id: 'memo-target' });
  const text = h('textarea', { id: 'memo-text', rows: 3, required: true });
  const error = h('p', { class: 'error', role: 'alert' });
  const save = h('button', { type: 'submit' }, t('saveMemo'));
  const cancel = h('button', { type: 'button', class: 'quiet' }, t('cancel'));
  const form = h('form', { class: 'memo-form', id: 'memo-form', hidden: true },
    target, h('label', { for: 'memo-text' }, t('memoText')), text, h('div', { class: 'buttons' }, save, cancel), error);
  let current = null;

  const show = () => {
    const mine = memos.filter((memo) => memo.transcriptID === transcript.id || (memo.codingID != null && codingLabel(memo.codingID) !== null));
    empty.hidden = mine.length > 0;
    replace(list, mine.map((memo) => {
      const index = memoSegment(memo);
      const about = memo.codingID ? codingLabel(memo.codingID) : index !== null ? t('segmentN', { n: index + 1 }) : t('transcript');
      return h('li', { class: 'memo' },
        h('p', { class: 'memo-about' }, index !== null && rows[index]
          ? h('a', { href: `#segment-${index}`, onclick: (event) => { event.preventDefault(); rows[index].element.scrollIntoView({ block: 'center' }); rows[index].element.querySelector('.segment-time')?.focus(); } }, about)
          : about),
        h('p', { class: 'memo-body' }, memo.text),
        h('p', { class: 'memo-byline muted' }, memoByline(memo)));
    }));
    markSegments();
  };
  const markSegments = () => {
    for (const row of rows) row.element.classList.remove('has-memo');
    for (const memo of memos) {
      const index = memoSegment(memo);
      if (memo.transcriptID === transcript.id && index !== null && rows[index]) rows[index].element.classList.add('has-memo');
    }
  };

  cancel.addEventListener('click', () => {
    form.hidden = true;
    current = null;
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!current) return;
    error.textContent = '';
    const body = { text: text.value.trim(), recordingID: recording.id, transcriptID: transcript.id };
    if (current.segment !== undefined) {
      const segment = rows[current.segment].segment;
      body.title = `¶${current.segment + 1} · ${formatTime(segment.start)}–${formatTime(segment.end)}`;
    } else {
      body.title = `${current.code?.name ?? t('coding')} · ${t('coding')} ${current.coding.id}`;
      body.codingID = current.coding.id;
      body.codeID = current.coding.codeID;
    }
    try {
      memos.push({ ...await api(`/studies/${study.id}/memos`, { method: 'POST', json: body }), authorName: me?.user.name });
      form.hidden = true;
      current = null;
      text.value = '';
      show();
      announce(t('memoSaved'));
    } catch (failure) {
      error.textContent = failure.message;
    }
  });
  show();
  return {
    element: h('section', { class: 'card', 'aria-labelledby': 'memos-title' }, h('h2', { id: 'memos-title' }, t('memos')), form, empty, list),
    openFor(about) {
      current = about;
      target.textContent = about.segment !== undefined
        ? t('memoOnSegment', { n: about.segment + 1 })
        : t('memoOnCoding', { label: codingLabel(about.coding.id) });
      form.hidden = false;
      text.focus();
    },
    refresh: show,
  };
}
