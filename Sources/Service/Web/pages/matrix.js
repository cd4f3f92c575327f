// The code × case matrix: rows are the codebook's codes (indented by hierarchy), columns the
// participants, cells the number of coded segments, with totals; a cell lists its segments.

import { api } from '../api.js';
import { announce, h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { setBreadcrumbs } from '../layout.js';
import { codeChip, codedSegmentList, studyNav } from './retrieval.js';

export async function renderMatrix(main, [studyID]) {
  const [study, matrix, codes, participants] = await Promise.all([
    api(`/studies/${studyID}`), api(`/studies/${studyID}/matrix`), api(`/studies/${studyID}/codes`), api(`/studies/${studyID}/participants`)]);
  setBreadcrumbs([{ label: t('studies'), href: '#/' }, { label: study.name, href: `#/studies/${study.id}` }, { label: t('codeMatrix') }]);
  const detail = h('section', { class: 'card', id: 'matrix-detail', 'aria-live': 'polite', hidden: true });
  const show = async (row, column) => {
    const who = column === null ? null : matrix.participants[column];
    const query = new URLSearchParams({ code: row.codeID, includeSubcodes: 'false' });
    if (who) query.set('participant', who.participantID);
    const segments = await api(`/studies/${study.id}/codings?${query}`);
    // A cell counts the segments in its case's speech; the row header lists all of the code's.
    replace(detail,
      h('h2', { id: 'matrix-detail-title', tabindex: '-1' },
        who ? t('cellSegments', { code: row.name, participant: who.pseudonym }) : t('codeSegments', { code: row.name })),
      codedSegmentList(segments, { participants, codes }));
    detail.hidden = false;
    detail.querySelector('h2').focus();
    announce(t('codedSegmentCount', { n: segments.length }));
  };
  // An empty cell is plain text: there is nothing to list.
  const cellButton = (row, column, count, characters) => count === 0 ? h('span', { class: 'muted' }, '0') : h('button', {
    type: 'button', class: 'quiet small matrix-cell',
    'aria-label': t('cellLabel', { n: count, chars: characters, code: row.name, participant: matrix.participants[column].pseudonym }),
    onclick: () => show(row, column),
  }, String(count));
  const table = h('table', { class: 'data-table compact matrix', id: 'code-matrix' },
    h('caption', { class: 'visually-hidden' }, t('codeMatrix')),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('code')),
      matrix.participants.map((p) => h('th', { scope: 'col', class: 'number' }, p.pseudonym)),
      h('th', { scope: 'col', class: 'number' }, t('total')),
      h('th', { scope: 'col', class: 'number' }, t('withoutCase')))),
    h('tbody', {}, matrix.rows.map((row) => h('tr', { dataset: { code: row.codeID } },
      h('th', { scope: 'row', class: `depth-${Math.min(row.depth, 4)}` },
        h('button', { type: 'button', class: 'quiet small', 'aria-label': t('codeSegments', { code: row.name }), onclick: () => show(row, null) },
          codeChip({ name: row.name, color: row.color }))),
      row.counts.map((count, column) => h('td', { class: 'number' }, cellButton(row, column, count, row.characters[column]))),
      h('td', { class: 'number total' }, String(row.total)),
      h('td', { class: 'number muted' }, String(row.withoutCase))))),
    h('tfoot', {}, h('tr', {},
      h('th', { scope: 'row' }, t('total')),
      matrix.participants.map((p) => h('td', { class: 'number total' }, String(p.total))),
      h('td', { class: 'number total' }, String(matrix.participants.reduce((sum, p) => sum + p.total, 0))),
      h('td', { class: 'number muted' }, String(matrix.rows.reduce((sum, r) => sum + r.withoutCase, 0))))));
  main.append(h('h1', {}, t('codeMatrix')), studyNav(study, 'matrix'),
    h('section', { class: 'card' },
      h('p', { class: 'help' }, t('matrixHelp')),
      matrix.rows.length && matrix.participants.length ? h('div', { class: 'table-scroll' }, table) : h('p', { class: 'empty' }, t('matrixEmpty'))),
    detail);
}
