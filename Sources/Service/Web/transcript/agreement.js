// The agreement report between coders of a transcript: Cohen's kappa (two coders) and
// Krippendorff's alpha per code and overall (GET /transcripts/{id}/agreement).

import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';

/** `perCode` as [codeID, figures] pairs, whether the API sends an object or a flat key/value array. */
export function perCodeEntries(perCode) {
  if (Array.isArray(perCode)) {
    const pairs = [];
    for (let index = 0; index + 1 < perCode.length; index += 2) pairs.push([Number(perCode[index]), perCode[index + 1]]);
    return pairs;
  }
  return Object.entries(perCode ?? {}).map(([id, figures]) => [Number(id), figures]);
}

const figure = (value) => (value === null || value === undefined || Number.isNaN(value) ? '–' : value.toFixed(2));

export function agreementPanel({ transcript, codes }) {
  const unit = h('select', { id: 'agreement-unit' },
    h('option', { value: 'segments' }, t('unitSegments')),
    h('option', { value: 'characters' }, t('unitCharacters')));
  const button = h('button', { type: 'button', id: 'agreement-run' }, t('computeAgreement'));
  const output = h('div', { id: 'agreement-report', 'aria-live': 'polite' });
  button.addEventListener('click', async () => {
    replace(output, h('p', { class: 'help' }, t('computing')));
    try {
      const report = await api(`/transcripts/${transcript.id}/agreement?unit=${unit.value}`);
      const names = new Map(codes.map((code) => [code.id, code.name]));
      const row = (name, f, header = false) => h('tr', {},
        h(header ? 'th' : 'td', { scope: header ? 'row' : false }, name),
        h('td', {}, figure(f.kappa)), h('td', {}, figure(f.alpha)), h('td', {}, figure(f.observedAgreement)), h('td', {}, String(f.codedUnits)));
      replace(output,
        h('p', { class: 'help' }, t('agreementSummary', { coders: report.coderIDs.length, units: report.unitCount })),
        report.coderNames?.length ? h('p', { class: 'help', id: 'agreement-coders' }, t('agreementCoders', { names: report.coderNames.join(', ') })) : null,
        report.coderIDs.length < 2 ? h('p', { class: 'help' }, t('agreementNeedsTwo')) : null,
        h('table', { class: 'data-table compact' },
          h('caption', { class: 'visually-hidden' }, t('agreement')),
          h('thead', {}, h('tr', {},
            h('th', { scope: 'col' }, t('code')), h('th', { scope: 'col', title: 'Cohen' }, 'κ'), h('th', { scope: 'col', title: 'Krippendorff' }, 'α'),
            h('th', { scope: 'col' }, t('observed')), h('th', { scope: 'col' }, t('codedUnits')))),
          h('tbody', {},
            perCodeEntries(report.perCode).map(([id, f]) => row(names.get(id) ?? `#${id}`, f)),
            row(t('overall'), report.overall, true))));
    } catch (failure) {
      replace(output, h('p', { class: 'error' }, failure.status === 403 ? t('agreementForbidden') : failure.message));
    }
  });
  return h('section', { class: 'card', 'aria-labelledby': 'agreement-title' },
    h('h2', { id: 'agreement-title' }, t('agreement')),
    h('div', { class: 'inline-form' }, h('label', { for: 'agreement-unit' }, t('unit')), unit, button),
    output);
}
