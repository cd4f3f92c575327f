// Review tools of a transcript version for its managers: mark it validated (or back to draft),
// find and replace across all its segments (one request, one history entry per segment changed),
// and transcribe the recording again with another language, speaker count or prompt.

import { api } from '../api.js';
import { announce, h } from '../dom.js';
import { t } from '../i18n.js';

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The pattern that finds `find` (literally; whole words and case as asked), or null when empty. */
function matcher(find, { matchCase = false, wholeWord = false } = {}) {
  if (!find) return null;
  const source = wholeWord ? `(?<![\\p{L}\\p{N}])${escapeRegExp(find)}(?![\\p{L}\\p{N}])` : escapeRegExp(find);
  return new RegExp(source, matchCase ? 'gu' : 'giu');
}

/** The segments' texts with every match of `find` replaced, as `correct` operations. */
export function replacements(segments, find, replacement, options = {}) {
  const pattern = matcher(find, options);
  if (!pattern) return [];
  const operations = [];
  segments.forEach((segment, index) => {
    const text = segment.text.replace(pattern, () => replacement);
    if (text !== segment.text) operations.push({ op: 'correct', index, text: text.replace(/\s+/g, ' ').trim() });
  });
  return operations;
}

/** The review card: `{element}`; `onChanged(result)` after a change to the version. */
export function reviewPanel({ recording, transcript, segments, onChanged, onStatus }) {
  const status = h('p', { class: 'version-status', id: 'version-status' },
    transcript.status === 'reviewed' ? t('validatedVersion') : t('draftVersion'));
  const validate = h('button', { type: 'button', id: 'validate-version', class: transcript.status === 'reviewed' ? 'quiet' : null },
    transcript.status === 'reviewed' ? t('reopenDraft') : t('markValidated'));
  const statusError = h('p', { class: 'error', role: 'alert' });
  validate.addEventListener('click', async () => {
    validate.disabled = true;
    statusError.textContent = '';
    try {
      const next = transcript.status === 'reviewed' ? 'draft' : 'reviewed';
      const saved = await api(`/transcripts/${transcript.id}/status`, { method: 'PUT', json: { status: next } });
      announce(next === 'reviewed' ? t('validatedVersion') : t('draftVersion'));
      onStatus(saved);
    } catch (failure) {
      statusError.textContent = failure.message;
      validate.disabled = false;
    }
  });

  // Find and replace.
  const find = h('input', { id: 'find-text', type: 'search', maxlength: 200, autocomplete: 'off' });
  const replacement = h('input', { id: 'replace-text', type: 'text', maxlength: 200, autocomplete: 'off' });
  const matchCase = h('input', { id: 'match-case', type: 'checkbox' });
  const wholeWord = h('input', { id: 'whole-word', type: 'checkbox', checked: true });
  const count = h('p', { class: 'help', id: 'find-count', 'aria-live': 'polite' });
  const replaceError = h('p', { class: 'error', role: 'alert' });
  const replaceAll = h('button', { type: 'submit', id: 'replace-all' }, t('replaceAll'));
  const options = () => ({ matchCase: matchCase.checked, wholeWord: wholeWord.checked });
  const recount = () => {
    const pattern = matcher(find.value, options());
    count.textContent = pattern ? t('segmentsMatching', { n: segments.filter((s) => s.text.search(pattern) >= 0).length }) : '';
  };
  for (const input of [find, matchCase, wholeWord]) input.addEventListener('input', recount);
  const form = h('form', { class: 'find-replace', id: 'find-replace' },
    h('div', { class: 'inline-form' }, h('label', { for: 'find-text' }, t('findText')), find),
    h('div', { class: 'inline-form' }, h('label', { for: 'replace-text' }, t('replaceWith')), replacement),
    h('div', { class: 'inline-form' },
      h('span', { class: 'check' }, matchCase, h('label', { for: 'match-case' }, t('matchCase'))),
      h('span', { class: 'check' }, wholeWord, h('label', { for: 'whole-word' }, t('wholeWord')))),
    count, replaceAll, replaceError);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replaceError.textContent = '';
    const operations = replacements(segments, find.value, replacement.value, options());
    if (operations.length === 0) {
      replaceError.textContent = t('nothingToReplace');
      return;
    }
    replaceAll.disabled = true;
    try {
      const result = await api(`/transcripts/${transcript.id}/edits`, { method: 'POST', json: { operations } });
      announce(t('replacedIn', { n: operations.length }));
      onChanged(result);
    } catch (failure) {
      replaceError.textContent = failure.message;
      replaceAll.disabled = false;
    }
  });

  // Transcribe again.
  const language = h('select', { id: 'rerun-language' },
    h('option', { value: '' }, t('languageAuto')), h('option', { value: 'fr', selected: transcript.language === 'fr' }, 'français'),
    h('option', { value: 'en', selected: transcript.language === 'en' }, 'English'));
  const speakerCount = h('select', { id: 'rerun-speakers' },
    h('option', { value: '' }, t('speakersAuto')), [1, 2, 3, 4, 5, 6].map((n) => h('option', { value: n }, String(n))));
  const prompt = h('input', { id: 'rerun-prompt', type: 'text', maxlength: 500, 'aria-describedby': 'rerun-prompt-help' });
  const rerunNote = h('p', { class: 'help', 'aria-live': 'polite', id: 'rerun-status' });
  const rerunButton = h('button', { type: 'submit', id: 'rerun-button' }, t('transcribeAgain'));
  const rerun = h('form', { class: 'rerun', id: 'rerun-form' },
    h('div', { class: 'inline-form' }, h('label', { for: 'rerun-language' }, t('spokenLanguage')), language),
    h('div', { class: 'inline-form' }, h('label', { for: 'rerun-speakers' }, t('speakerCount')), speakerCount),
    h('label', { for: 'rerun-prompt' }, t('rerunPrompt')), prompt,
    h('p', { class: 'help', id: 'rerun-prompt-help' }, t('rerunPromptHelp')),
    rerunButton, rerunNote);
  rerun.addEventListener('submit', async (event) => {
    event.preventDefault();
    rerunButton.disabled = true;
    rerunNote.textContent = '';
    const body = {};
    if (language.value) body.language = language.value;
    if (speakerCount.value) body.speakers = Number(speakerCount.value);
    if (prompt.value.trim()) body.prompt = prompt.value.trim();
    try {
      const job = await api(`/recordings/${recording.id}/jobs`, { method: 'POST', json: body });
      rerunNote.textContent = t('rerunQueued', { id: job.id });
      announce(rerunNote.textContent);
    } catch (failure) {
      rerunNote.textContent = failure.message;
    } finally {
      rerunButton.disabled = false;
    }
  });

  const element = h('section', { class: 'card review-card', 'aria-labelledby': 'review-title' },
    h('h2', { id: 'review-title' }, t('reviewTools')),
    status, validate, statusError,
    h('details', { id: 'find-replace-details' }, h('summary', {}, t('findReplace')), form),
    h('details', { id: 'rerun-details' }, h('summary', {}, t('transcribeAgain')), rerun));
  return { element };
}
