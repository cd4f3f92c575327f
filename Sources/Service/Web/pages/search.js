// Search across a study's transcripts: accent- and case-insensitive; each hit in its context
// (the segment, its recording, speaker and time); a click plays the recording from there.

import { api } from '../api.js';
import { announce, formatTime, h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { setBreadcrumbs } from '../layout.js';
import { highlight, playHref, studyNav } from './retrieval.js';

export async function renderSearch(main, [studyID, queryString]) {
  const [study, recordings] = await Promise.all([api(`/studies/${studyID}`), api(`/studies/${studyID}/recordings`)]);
  setBreadcrumbs([{ label: t('studies'), href: '#/' }, { label: study.name, href: `#/studies/${study.id}` }, { label: t('search') }]);
  const titles = new Map(recordings.map((r) => [r.id, r.title]));
  const input = h('input', { id: 'search-query', type: 'search', name: 'q', required: true, maxlength: 500, 'aria-describedby': 'search-help' });
  const error = h('p', { class: 'error', role: 'alert', id: 'search-error' });
  const status = h('p', { class: 'muted', id: 'search-status', 'aria-live': 'polite' });
  const results = h('div', { id: 'search-results' });
  const form = h('form', { class: 'inline-form', id: 'search-form', role: 'search' },
    h('label', { for: 'search-query' }, t('searchWords')), input, h('button', { type: 'submit' }, t('search')),
    h('p', { class: 'help', id: 'search-help' }, t('searchHelp')), error);
  const run = async (query) => {
    error.textContent = '';
    replace(results);
    status.textContent = '';
    try {
      const hits = await api(`/studies/${study.id}/search?q=${encodeURIComponent(query)}&limit=200`);
      status.textContent = t('searchCount', { n: hits.length });
      announce(status.textContent);
      if (hits.length) results.append(hitList(hits, query, titles));
    } catch (failure) {
      error.textContent = failure.message;
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = input.value.trim();
    // Keep the query in the address so that Back returns to these results.
    history.replaceState(null, '', `#/studies/${study.id}/search?q=${encodeURIComponent(query)}`);
    run(query);
  });
  main.append(h('h1', {}, t('searchIn', { name: study.name })), studyNav(study, 'search'),
    h('section', { class: 'card' }, form, status, results));
  const initial = new URLSearchParams(queryString ?? '').get('q');
  if (initial) {
    input.value = initial;
    await run(initial);
  }
  input.focus();
}

function hitList(hits, query, titles) {
  return h('ol', { class: 'hit-list', id: 'search-hits' }, hits.map((hit) => {
    const title = titles.get(hit.recordingID) ?? t('recordingN', { id: hit.recordingID });
    return h('li', { class: 'hit' },
      h('blockquote', { class: 'hit-text' }, highlight(hit.text, query)),
      h('p', { class: 'hit-meta' },
        h('a', { href: playHref(hit.recordingID, hit.start), class: 'play-link',
          'aria-label': t('playSegmentAt', { title, time: formatTime(hit.start) }) }, `▶ ${formatTime(hit.start)}`),
        ' · ', h('span', {}, title),
        hit.speakerLabel ? [' · ', h('span', {}, t('speakerIs', { label: hit.speakerLabel }))] : null));
  }));
}
