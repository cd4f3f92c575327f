// "All segments coded X": pick a code (with its sub-codes or not), filter by case attributes and
// coder, and read every coded span across the study's interviews; a click plays the audio there.

import { api } from '../api.js';
import { announce, h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { setBreadcrumbs } from '../layout.js';
import { codeOptions, codedSegmentList, studyNav } from './retrieval.js';

export async function renderCodings(main, [studyID, queryString]) {
  const [study, codes, participants] = await Promise.all([
    api(`/studies/${studyID}`), api(`/studies/${studyID}/codes`), api(`/studies/${studyID}/participants`)]);
  setBreadcrumbs([{ label: t('studies'), href: '#/' }, { label: study.name, href: `#/studies/${study.id}` }, { label: t('codedSegments') }]);
  const params = new URLSearchParams(queryString ?? '');
  // Each case's attributes (the API leaves out the sensitive ones for coders).
  const details = await Promise.all(participants.map((p) => api(`/participants/${p.id}`)));
  const values = new Map();
  for (const { attributes } of details) {
    for (const attribute of attributes) {
      if (!values.has(attribute.name)) values.set(attribute.name, new Set());
      values.get(attribute.name).add(attribute.value);
    }
  }

  const code = h('select', { id: 'retrieval-code' },
    h('option', { value: '' }, t('allCodes')), codeOptions(codes, Number(params.get('code')) || null));
  const subcodes = h('input', { type: 'checkbox', id: 'retrieval-subcodes', checked: params.get('includeSubcodes') !== 'false' });
  const participant = h('select', { id: 'retrieval-participant' }, h('option', { value: '' }, t('allParticipants')),
    participants.map((p) => h('option', { value: p.id, selected: String(p.id) === params.get('participant') }, p.pseudonym)));
  const attributeSelects = [...values.keys()].sort().map((name, index) => {
    const select = h('select', { id: `retrieval-attribute-${index}`, dataset: { name } },
      h('option', { value: '' }, t('anyValue')), [...values.get(name)].sort().map((value) => h('option', { value }, value)));
    return { name, select, field: h('span', { class: 'field' }, h('label', { for: select.id }, name), select) };
  });
  const coder = h('select', { id: 'retrieval-coder' }, h('option', { value: '' }, t('allCoders')));
  const status = h('p', { class: 'muted', id: 'retrieval-status', 'aria-live': 'polite' });
  const error = h('p', { class: 'error', role: 'alert' });
  const results = h('div', { id: 'retrieval-results' });

  let coders = new Map();
  const load = async () => {
    error.textContent = '';
    const query = new URLSearchParams();
    if (code.value) query.set('code', code.value);
    if (code.value) query.set('includeSubcodes', subcodes.checked ? 'true' : 'false');
    if (participant.value) query.set('participant', participant.value);
    for (const { name, select } of attributeSelects) if (select.value) query.append('attribute', `${name}:${select.value}`);
    try {
      const all = await api(`/studies/${study.id}/codings?${query}`);
      // The coder list comes from the segments of the other filters, so that a chosen coder stays listed.
      for (const segment of all) coders.set(segment.coderID, segment.coderName ?? t('userN', { id: segment.coderID }));
      const chosen = coder.value;
      replace(coder, h('option', { value: '' }, t('allCoders')),
        [...coders].sort((a, b) => a[1].localeCompare(b[1])).map(([id, name]) => h('option', { value: id, selected: String(id) === chosen }, name)));
      const shown = chosen ? all.filter((segment) => String(segment.coderID) === chosen) : all;
      status.textContent = t('codedSegmentCount', { n: shown.length });
      announce(status.textContent);
      replace(results, codedSegmentList(shown, { participants, codes }));
    } catch (failure) {
      error.textContent = failure.message;
    }
  };
  for (const control of [code, subcodes, participant, coder, ...attributeSelects.map((a) => a.select)]) {
    control.addEventListener('change', load);
  }
  main.append(h('h1', {}, t('codedSegments')), studyNav(study, 'codings'),
    h('section', { class: 'card', 'aria-labelledby': 'retrieval-filters' },
      h('h2', { id: 'retrieval-filters' }, t('filters')),
      h('div', { class: 'filter-grid' },
        h('span', { class: 'field' }, h('label', { for: 'retrieval-code' }, t('code')), code),
        h('span', { class: 'field check' }, subcodes, h('label', { for: 'retrieval-subcodes' }, t('withSubcodes'))),
        h('span', { class: 'field' }, h('label', { for: 'retrieval-participant' }, t('participant')), participant),
        attributeSelects.map((a) => a.field),
        h('span', { class: 'field' }, h('label', { for: 'retrieval-coder' }, t('coder')), coder)),
      error),
    h('section', { class: 'card', 'aria-labelledby': 'retrieval-results-title' },
      h('h2', { id: 'retrieval-results-title' }, t('results')), status, results));
  await load();
}
