// Coding: select text, pick or create a code, and the coding shows as a coloured bar in the
// margin of the segments it spans; filters by code and by coder; the list of codings.

import { api } from '../api.js';
import { announce, formatTime, h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { codePalette, swatch } from '../pages/codebook.js';
import { rangeOf, selectedSpan } from './selection.js';

/**
 * The coding tools of a transcript: `{toolbar, panel, setMemoOpener(f), label(codingID)}`.
 * `codes` and `codings` are arrays that this module keeps up to date. People are named as the API
 * names them for the signed-in user (`coderName`: real names, or "Coder N" in a study with blind
 * names); `manager` may remove anyone's coding, others only their own.
 */
export function codingTools({ study, transcript, rows, codes, codings, me, manager, onSeek }) {
  const points = [...transcript.text];
  const codeByID = () => new Map(codes.map((code) => [code.id, code]));
  const names = new Map(codings.map((coding) => [coding.isConsensus ? 'consensus' : coding.coderID, coding.coderName]));
  const coderKey = (coding) => (coding.isConsensus ? 'consensus' : coding.coderID);
  const coderName = (key) => {
    if (key === me.user.id) return t('meCoder', { name: me.user.name });
    if (key === 'consensus') return t('consensus');
    return names.get(key) ?? t('coderN', { id: key });
  };
  const mayRemove = (coding) => manager || (coding.coderID === me.user.id && !coding.isConsensus);
  let openMemo = () => {};
  let span = null;

  // Filters.
  const codeFilter = h('select', { id: 'filter-code' });
  const coderFilter = h('select', { id: 'filter-coder' });
  const fillFilters = () => {
    const keepCode = codeFilter.value;
    const keepCoder = coderFilter.value;
    replace(codeFilter, h('option', { value: '' }, t('allCodes')), codes.map((code) => h('option', { value: code.id }, code.name)));
    const coders = [...new Set([me.user.id, ...codings.map(coderKey)])];
    replace(coderFilter, h('option', { value: '' }, t('allCoders')), coders.map((id) => h('option', { value: id }, coderName(id))));
    codeFilter.value = [...codeFilter.options].some((o) => o.value === keepCode) ? keepCode : '';
    coderFilter.value = [...coderFilter.options].some((o) => o.value === keepCoder) ? keepCoder : '';
  };
  const visible = () => codings.filter((coding) =>
    (!codeFilter.value || coding.codeID === Number(codeFilter.value)) &&
    (!coderFilter.value || String(coderKey(coding)) === coderFilter.value));

  // Applying a code to the selection.
  const codeChoice = h('select', { id: 'apply-code' });
  const newName = h('input', { id: 'new-code-name', maxlength: 100 });
  const newColor = h('input', { id: 'new-code-color', type: 'color', value: codePalette[codes.length % codePalette.length] });
  const newFields = h('div', { class: 'new-code', hidden: true },
    h('label', { for: 'new-code-name' }, t('newCodeName')), newName,
    h('label', { for: 'new-code-color' }, t('colour')), newColor);
  const apply = h('button', { type: 'button', id: 'apply-coding', disabled: true }, t('codeSelection'));
  const selectionInfo = h('p', { class: 'selection-info', id: 'selection-info', role: 'status' }, t('selectToCode'));
  const error = h('p', { class: 'error', role: 'alert' });
  const fillChoice = () => {
    const keep = codeChoice.value;
    replace(codeChoice, codes.map((code) => h('option', { value: code.id }, code.name)), h('option', { value: 'new' }, t('newCodeOption')));
    codeChoice.value = [...codeChoice.options].some((o) => o.value === keep) ? keep : codeChoice.options[0].value;
    newFields.hidden = codeChoice.value !== 'new';
  };
  codeChoice.addEventListener('change', () => {
    newFields.hidden = codeChoice.value !== 'new';
    if (!newFields.hidden) newName.focus();
  });
  const onSelection = () => {
    const found = selectedSpan(rows);
    if (found) {
      span = found;
      const excerpt = found.text.length > 60 ? `${found.text.slice(0, 57)}…` : found.text;
      selectionInfo.textContent = t('selectionIs', { text: excerpt });
      apply.disabled = false;
    }
  };
  document.addEventListener('selectionchange', onSelection);
  apply.addEventListener('click', async () => {
    if (!span) return;
    error.textContent = '';
    try {
      let codeID = Number(codeChoice.value);
      if (codeChoice.value === 'new') {
        if (!newName.value.trim()) {
          error.textContent = t('codeNameNeeded');
          newName.focus();
          return;
        }
        const code = await api(`/studies/${study.id}/codes`, { method: 'POST', json: { name: newName.value.trim(), color: newColor.value } });
        codes.push(code);
        codeID = code.id;
        newName.value = '';
        newColor.value = codePalette[codes.length % codePalette.length];
      }
      const coding = await api(`/transcripts/${transcript.id}/codings`, {
        method: 'POST', json: { codeID, charStart: span.charStart, charEnd: span.charEnd },
      });
      codings.push({ ...coding, coderName: me.user.name });
      span = null;
      window.getSelection()?.removeAllRanges();
      apply.disabled = true;
      selectionInfo.textContent = t('codingAdded', { code: codeByID().get(codeID)?.name ?? '' });
      announce(selectionInfo.textContent);
      refresh();
      fillChoice();
      codeChoice.value = String(codeID);
    } catch (failure) {
      error.textContent = failure.message;
    }
  });

  // Margin bars: one lane per overlapping coding, drawn beside every segment the coding spans.
  const drawBars = () => {
    const shown = visible().slice().sort((a, b) => a.charStart - b.charStart || a.charEnd - b.charEnd);
    const laneEnds = [];
    const lanes = new Map();
    for (const coding of shown) {
      let lane = laneEnds.findIndex((end) => end <= coding.charStart);
      if (lane < 0) lane = laneEnds.length;
      laneEnds[lane] = coding.charEnd;
      lanes.set(coding.id, lane);
    }
    const byID = codeByID();
    for (const row of rows) {
      replace(row.margin);
      row.margin.style.setProperty('--lanes', String(Math.max(1, laneEnds.length)));
      for (const coding of shown) {
        if (coding.charStart >= row.segment.charEnd || coding.charEnd <= row.segment.charStart) continue;
        const code = byID.get(coding.codeID);
        const bar = h('span', { class: 'coding-bar', title: `${code?.name ?? '?'} · ${coderName(coderKey(coding))}`, dataset: { coding: coding.id, coder: coderKey(coding) } });
        bar.style.backgroundColor = code?.color ?? '#808080';
        bar.style.setProperty('--lane', String(lanes.get(coding.id)));
        bar.addEventListener('click', () => focusCoding(coding));
        row.margin.append(bar);
      }
    }
  };

  const excerpt = (coding) => {
    const text = points.slice(coding.charStart, coding.charEnd).join('').replace(/\n/g, ' ');
    return text.length > 80 ? `${text.slice(0, 77)}…` : text;
  };
  const highlight = (coding) => {
    if (!globalThis.CSS?.highlights || typeof Highlight === 'undefined') return;
    const range = coding ? rangeOf(rows, coding.charStart, coding.charEnd) : null;
    if (range) CSS.highlights.set('coding', new Highlight(range));
    else CSS.highlights.delete('coding');
  };
  const focusCoding = (coding) => {
    highlight(coding);
    onSeek(coding.startTime);
    const item = list.querySelector(`[data-coding="${coding.id}"]`);
    item?.scrollIntoView({ block: 'nearest' });
    item?.querySelector('button')?.focus();
  };

  const list = h('ul', { class: 'plain-list coding-list', id: 'coding-list' });
  const empty = h('p', { class: 'empty' }, t('noCodings'));
  const drawList = () => {
    const byID = codeByID();
    // Text order, as the API lists them: start, then end, then code (new codings included).
    const shown = visible().sort((a, b) => a.charStart - b.charStart || a.charEnd - b.charEnd || a.codeID - b.codeID);
    empty.hidden = shown.length > 0;
    replace(list, shown.map((coding) => {
      const code = byID.get(coding.codeID);
      const remove = mayRemove(coding) ? h('button', { type: 'button', class: 'quiet small remove-coding' }, t('remove')) : null;
      remove?.addEventListener('click', async () => {
        try {
          await api(`/transcripts/${transcript.id}/codings/${coding.id}`, { method: 'DELETE' });
          codings.splice(codings.indexOf(coding), 1);
          highlight(null);
          refresh();
          announce(t('codingRemoved'));
        } catch (failure) {
          error.textContent = failure.message;
        }
      });
      return h('li', { class: 'coding', dataset: { coding: coding.id } },
        h('div', { class: 'coding-head' }, swatch(code?.color ?? '#808080'), h('strong', {}, code?.name ?? '?'),
          h('span', { class: 'muted coding-coder' }, ` · ${coderName(coderKey(coding))} · ${formatTime(coding.startTime)}–${formatTime(coding.endTime)}`)),
        h('p', { class: 'coding-excerpt' }, `« ${excerpt(coding)} »`),
        h('div', { class: 'buttons' },
          h('button', { type: 'button', class: 'quiet small', onclick: () => focusCoding(coding) }, t('show')),
          h('button', { type: 'button', class: 'quiet small', onclick: () => openMemo({ coding, code }) }, t('memo')),
          remove));
    }));
  };

  const refresh = () => {
    fillFilters();
    drawBars();
    drawList();
  };
  codeFilter.addEventListener('change', () => { drawBars(); drawList(); });
  coderFilter.addEventListener('change', () => { drawBars(); drawList(); });
  fillChoice();
  refresh();

  const toolbar = h('div', { class: 'coding-toolbar', role: 'group', 'aria-labelledby': 'coding-toolbar-title' },
    h('h2', { id: 'coding-toolbar-title', class: 'visually-hidden' }, t('coding')),
    h('div', { class: 'apply-code' },
      selectionInfo,
      h('label', { for: 'apply-code' }, t('code')), codeChoice, newFields, apply),
    error);
  const filters = h('div', { class: 'filters', role: 'group', 'aria-label': t('filters') },
    h('label', { for: 'filter-code' }, t('filterCode')), codeFilter,
    h('label', { for: 'filter-coder' }, t('filterCoder')), coderFilter);
  const panel = h('section', { class: 'card', 'aria-labelledby': 'codings-title' },
    h('h2', { id: 'codings-title' }, t('codings')), filters, empty, list);
  return {
    toolbar,
    panel,
    setMemoOpener(f) {
      openMemo = f;
    },
    /** Replaces the codings (after a consensus decision) and redraws. */
    reload(list) {
      codings.splice(0, codings.length, ...list);
      for (const coding of list) names.set(coderKey(coding), coding.coderName);
      refresh();
    },
    label(codingID) {
      const coding = codings.find((c) => c.id === codingID);
      if (!coding) return null;
      return `${codeByID().get(coding.codeID)?.name ?? '?'} « ${excerpt(coding)} »`;
    },
    dispose() {
      document.removeEventListener('selectionchange', onSelection);
      highlight(null);
    },
  };
}
