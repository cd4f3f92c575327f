// A study's double-coding settings, for its administrators: blind coding (a coder sees only
// their own codings of a transcript until they mark it done), blind names ("Coder N"), and
// pseudonymised for coders (coders read only the pseudonymised text).

import { api } from '../api.js';
import { announce, h } from '../dom.js';
import { t } from '../i18n.js';

/** The settings card when the signed-in user administers the study (`canChange`), else `null`. */
export function blindingSection(study, canChange) {
  if (!canChange) return null;
  const error = h('p', { class: 'error', role: 'alert' });
  const box = (id, key, help) => {
    const input = h('input', { type: 'checkbox', id, checked: Boolean(study[key]), 'aria-describedby': `${id}-help` });
    input.addEventListener('change', async () => {
      error.textContent = '';
      input.disabled = true;
      try {
        Object.assign(study, await api(`/studies/${study.id}`, { method: 'PATCH', json: { [key]: input.checked } }));
        announce(t('blindingSaved'));
      } catch (failure) {
        input.checked = !input.checked;
        error.textContent = failure.message;
      } finally {
        input.disabled = false;
      }
    });
    return h('div', { class: 'check' }, input, h('label', { for: id }, t(key)), h('p', { class: 'help', id: `${id}-help` }, t(help)));
  };
  return h('section', { class: 'card blinding', 'aria-labelledby': 'blinding-title' },
    h('h2', { id: 'blinding-title' }, t('doubleCoding')),
    box('blind-coding', 'blindCoding', 'blindCodingHelp'),
    box('blind-names', 'blindNames', 'blindNamesHelp'),
    box('pseudonymised-coders', 'pseudonymisedForCoders', 'pseudonymisedForCodersHelp'),
    error);
}
