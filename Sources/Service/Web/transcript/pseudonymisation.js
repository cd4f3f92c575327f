// Pseudonymisation review (issue 20): the detector's proposals for this version, each shown in its
// sentence with its kind highlighted, to accept or reject; a selection of the transcript marked by
// hand; the count of spans still waiting. Accepted spans get the study's pseudonym ("[Personne A]").

import { api } from '../api.js';
import { announce, h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { selectedSpan } from './selection.js';

const kinds = ['person', 'place', 'institution', 'phone', 'email', 'dateOfBirth', 'nir', 'known'];

/** The panel: `{element}`; `rows` are the transcript's rows (for a selection's offsets). */
export function pseudonymisationPanel({ transcript, rows }) {
  const scalars = Array.from(transcript.text); // code points: the store's offsets are Unicode scalars
  const list = h('ul', { class: 'plain-list redaction-list', id: 'redaction-list' });
  const status = h('p', { class: 'muted', id: 'redaction-status', role: 'status' });
  const error = h('p', { class: 'error', role: 'alert' });
  let spans = [];

  /** The span's line, cut to 60 characters on each side, as [before, span, after]. */
  const context = (span) => {
    let start = span.charStart, end = span.charEnd;
    while (start > 0 && scalars[start - 1] !== '\n' && span.charStart - start < 60) start -= 1;
    while (end < scalars.length && scalars[end] !== '\n' && end - span.charEnd < 60) end += 1;
    return [scalars.slice(start, span.charStart).join(''), scalars.slice(span.charStart, span.charEnd).join(''),
      scalars.slice(span.charEnd, end).join('')];
  };
  const show = () => {
    const pending = spans.filter((span) => span.state === 'proposed').length;
    status.textContent = spans.length ? t('redactionsPending', { n: pending, total: spans.length }) : t('noRedactions');
    replace(list, spans.map((span) => {
      const [before, text, after] = context(span);
      const outcome = span.state === 'accepted' ? t('redactionReplacedBy', { pseudonym: span.pseudonym }) : t(`redaction_${span.state}`);
      return h('li', { class: `redaction ${span.state}`, 'data-redaction': span.id },
        h('p', { class: 'redaction-context' }, before, h('mark', { class: `identifier kind-${span.kind}` }, text), after),
        h('p', { class: 'muted redaction-state' }, t(`identifier_${span.kind}`), ' · ', outcome),
        h('div', { class: 'buttons' },
          h('button', { type: 'button', class: 'small accept-redaction', 'aria-pressed': String(span.state === 'accepted'),
            'aria-label': t('acceptRedactionOf', { text }), onclick: () => decide(span, 'accept') }, t('acceptRedaction')),
          h('button', { type: 'button', class: 'small quiet reject-redaction', 'aria-pressed': String(span.state === 'rejected'),
            'aria-label': t('rejectRedactionOf', { text }), onclick: () => decide(span, 'reject') }, t('rejectRedaction'))));
    }));
  };
  const run = async (action) => {
    error.textContent = '';
    try { await action(); } catch (failure) { error.textContent = failure.message; }
  };
  const decide = (span, decision) => run(async () => {
    const saved = await api(`/redactions/${span.id}`, { method: 'PUT', json: { decision } });
    spans = spans.map((other) => (other.id === saved.id ? saved : other));
    show();
    announce(decision === 'accept' ? t('redactionReplacedBy', { pseudonym: saved.pseudonym }) : t('redaction_rejected'));
  });
  const propose = h('button', { type: 'button', id: 'propose-redactions', onclick: () => run(async () => {
    spans = await api(`/transcripts/${transcript.id}/redactions/proposals`, { method: 'POST' });
    show();
    announce(status.textContent);
  }) }, t('proposeRedactions'));
  const kind = h('select', { id: 'redaction-kind' }, kinds.slice(0, -1).map((name) => h('option', { value: name }, t(`identifier_${name}`))));
  const mark = h('button', { type: 'button', id: 'mark-redaction', onclick: () => run(async () => {
    const selection = selectedSpan(rows);
    if (!selection) throw new Error(t('selectTextToPseudonymise'));
    await api(`/transcripts/${transcript.id}/redactions`, {
      method: 'POST', json: { charStart: selection.charStart, charEnd: selection.charEnd, kind: kind.value } });
    spans = await api(`/transcripts/${transcript.id}/redactions`);
    show();
    announce(t('redactionMarked'));
  }) }, t('markRedaction'));
  const element = h('section', { class: 'card pseudonymisation', id: 'pseudonymisation', 'aria-labelledby': 'pseudonymisation-title' },
    h('h2', { id: 'pseudonymisation-title' }, t('pseudonymisation')),
    h('p', { class: 'muted' }, t('pseudonymisationHelp')),
    h('div', { class: 'buttons' }, propose), status, list,
    h('div', { class: 'buttons' }, h('label', { for: 'redaction-kind' }, t('identifierKind')), kind, mark), error);
  run(async () => {
    spans = await api(`/transcripts/${transcript.id}/redactions`);
    show();
  });
  return { element };
}
