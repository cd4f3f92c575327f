// The disagreements between the coders of a transcript version (GET /transcripts/{id}/disagreements):
// one unit (segment) at a time with its text, each coder's codes and a button that plays it; step
// with Previous/Next (or the N and P keys inside the panel). Admins and researchers decide the
// consensus of each unit: keep one coder's codes, all, none, or a chosen code.

import { api } from '../api.js';
import { announce, formatTime, h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { swatch } from '../pages/codebook.js';

/** The panel; `status` from GET coding-status; `onSeek(seconds)` plays from there; `onDecided()` reloads codings. */
export function disagreementsPanel({ transcript, codes, status, onSeek, onDecided }) {
  const body = h('div', { id: 'disagreements', 'aria-live': 'polite' });
  const section = h('section', { class: 'card disagreements', 'aria-labelledby': 'disagreements-title' },
    h('h2', { id: 'disagreements-title' }, t('disagreements')), body);
  if (!status.disagreementsOpen) {
    body.append(h('p', { class: 'help' }, t('disagreementsClosed')));
    return section;
  }
  const codeByID = new Map(codes.map((code) => [code.id, code]));
  const codeList = (ids) => (ids.length
    ? ids.map((id) => h('span', { class: 'code-chip' }, swatch(codeByID.get(id)?.color ?? '#808080'), codeByID.get(id)?.name ?? `#${id}`))
    : h('span', { class: 'muted' }, t('noCode')));
  let report = null;
  let index = 0;
  const error = h('p', { class: 'error', role: 'alert' });

  const decide = async (decision) => {
    error.textContent = '';
    try {
      await api(`/transcripts/${transcript.id}/consensus`, { method: 'POST', json: { unitIndex: report.disagreements[index].unitIndex, keepCoders: [], codeIDs: [], ...decision } });
      announce(t('consensusSaved'));
      await load();
      if (index < report.disagreements.length - 1) index += 1;
      show();
      onDecided();
    } catch (failure) {
      error.textContent = failure.message;
    }
  };

  const show = () => {
    const list = report.disagreements;
    if (list.length === 0) {
      replace(body, h('p', { class: 'help' }, report.coders.length < 2 ? t('agreementNeedsTwo') : t('noDisagreements')));
      return;
    }
    index = Math.max(0, Math.min(index, list.length - 1));
    const unit = list[index];
    const name = (id) => report.coders.find((coder) => coder.userID === id)?.name ?? t('coderN', { id });
    const previous = h('button', { type: 'button', id: 'disagreement-previous', disabled: index === 0, onclick: () => { index -= 1; show(); focusStep(); } }, t('previous'));
    const next = h('button', { type: 'button', id: 'disagreement-next', disabled: index === list.length - 1, onclick: () => { index += 1; show(); focusStep(); } }, t('next'));
    const decisions = [];
    if (status.canDecide) {
      const choice = h('select', { id: 'consensus-code' }, codes.map((code) => h('option', { value: code.id }, code.name)));
      decisions.push(h('div', { class: 'buttons consensus-buttons', role: 'group', 'aria-label': t('consensusDecision') },
        unit.coders.map((coder) => h('button', { type: 'button', class: 'keep-coder', onclick: () => decide({ keepCoders: [coder.coderID] }) },
          t('keepCodesOf', { name: name(coder.coderID) }))),
        h('button', { type: 'button', id: 'keep-all', onclick: () => decide({ keepCoders: unit.coders.map((coder) => coder.coderID) }) }, t('keepAll')),
        h('button', { type: 'button', id: 'keep-none', onclick: () => decide({}) }, t('keepNone'))),
      codes.length ? h('div', { class: 'inline-form' }, h('label', { for: 'consensus-code' }, t('chosenCode')), choice,
        h('button', { type: 'button', id: 'apply-chosen', onclick: () => decide({ codeIDs: [Number(choice.value)] }) }, t('applyChosen'))) : null);
    }
    replace(body,
      h('p', { class: 'disagreement-step', id: 'disagreement-step', tabindex: -1 }, t('disagreementN', { n: index + 1, total: list.length, units: report.unitCount })),
      h('blockquote', { class: 'disagreement-text' }, unit.text),
      h('div', { class: 'buttons' },
        h('button', { type: 'button', id: 'play-disagreement', onclick: () => onSeek(unit.startTime) },
          t('playSpan', { start: formatTime(unit.startTime), end: formatTime(unit.endTime) }))),
      h('dl', { class: 'disagreement-codes' }, unit.coders.map((coder) => [h('dt', {}, name(coder.coderID)), h('dd', {}, codeList(coder.codeIDs))]),
        h('dt', {}, t('consensus')), h('dd', { id: 'consensus-codes' }, unit.consensusCodeIDs ? codeList(unit.consensusCodeIDs) : h('span', { class: 'muted' }, t('undecided')))),
      decisions,
      h('div', { class: 'buttons' }, previous, next),
      error);
  };
  const focusStep = () => body.querySelector('#disagreement-step')?.focus();
  const load = async () => {
    report = await api(`/transcripts/${transcript.id}/disagreements`);
  };
  section.addEventListener('keydown', (event) => {
    if (!report || event.ctrlKey || event.altKey || event.metaKey || event.target.matches('input, select, textarea')) return;
    const key = event.key.toLowerCase();
    if (key === 'n' && index < report.disagreements.length - 1) index += 1;
    else if (key === 'p' && index > 0) index -= 1;
    else return;
    event.preventDefault();
    show();
    focusStep();
  });
  body.append(h('p', { class: 'help' }, t('computing')));
  load().then(show).catch((failure) => replace(body, h('p', { class: 'error' }, failure.message)));
  return section;
}
