// The double-coding status of a transcript version: in a blind study, a coder sees only their own
// codings until they mark their coding done ("I have finished coding"); the study admin sees who
// has finished and may reopen a coder's work (GET /transcripts/{id}/coding-status).

import { api } from '../api.js';
import { announce, h } from '../dom.js';
import { language, t } from '../i18n.js';

const when = (date) => new Intl.DateTimeFormat(language(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(date));

/** The status bar: `status` from the API; `onChanged()` rebuilds the page after a change. */
export function workflowBar({ transcript, status, me, role, onChanged }) {
  const error = h('p', { class: 'error', role: 'alert' });
  const parts = [];
  if (status.isBlind) parts.push(h('p', { class: 'blind-notice', id: 'blind-notice' }, t('blindNotice')));
  const codes = role === 'coder' || status.coders.some((coder) => coder.userID === me.user.id);
  if (status.doneAt) {
    parts.push(h('p', { id: 'coding-done' }, t('codingDoneAt', { date: when(status.doneAt) })));
  } else if (codes) {
    const finish = h('button', { type: 'button', id: 'finish-coding' }, t('finishCoding'));
    finish.addEventListener('click', async () => {
      error.textContent = '';
      finish.disabled = true;
      try {
        await api(`/transcripts/${transcript.id}/completions/${me.user.id}`, { method: 'PUT' });
        announce(t('codingMarkedDone'));
        onChanged();
      } catch (failure) {
        error.textContent = failure.message;
        finish.disabled = false;
      }
    });
    parts.push(h('div', { class: 'buttons' }, finish));
  }
  if (role === 'admin' && status.coders.length) {
    parts.push(h('ul', { class: 'plain-list coder-status', id: 'coder-status' }, status.coders.map((coder) => {
      const reopen = coder.doneAt
        ? h('button', { type: 'button', class: 'quiet small', 'aria-label': t('reopenCodingOf', { name: coder.name }) }, t('reopenCoding'))
        : null;
      reopen?.addEventListener('click', async () => {
        error.textContent = '';
        try {
          await api(`/transcripts/${transcript.id}/completions/${coder.userID}`, { method: 'DELETE' });
          announce(t('codingReopened', { name: coder.name }));
          onChanged();
        } catch (failure) {
          error.textContent = failure.message;
        }
      });
      return h('li', {}, `${coder.name} · `, coder.doneAt ? t('coderDone', { date: when(coder.doneAt) }) : t('coderNotDone'), ' ', reopen);
    })));
  }
  return h('section', { class: 'card workflow', 'aria-labelledby': 'workflow-title' },
    h('h2', { id: 'workflow-title' }, status.blindCoding ? t('blindCoding') : t('doubleCoding')), parts, error);
}
