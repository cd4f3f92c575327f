// A study's retention page: the rule (original media deleted N days after validation, a redacted
// copy kept or not), and each recording's place in it: what will be deleted when, what was, and
// what waits for the pseudonymisation review. Admins change the rule and may apply it now.

import { api } from '../api.js';
import { add, announce, h, replace } from '../dom.js';
import { language, t } from '../i18n.js';
import { setBreadcrumbs, studyRole } from '../layout.js';
import { studyNav } from './retrieval.js';

const day = (text) => (text ? new Date(text).toLocaleDateString(language() === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long' }) : '—');

export async function renderRetention(main, [studyID]) {
  const [study, role] = await Promise.all([api(`/studies/${studyID}`), studyRole(Number(studyID))]);
  setBreadcrumbs([{ label: t('studies'), href: '#/' }, { label: study.name, href: `#/studies/${study.id}` }, { label: t('retention') }]);
  const error = h('p', { class: 'error', role: 'alert' });
  const table = h('div', { id: 'retention-schedule' });
  add(main, h('h1', {}, t('retention')), studyNav(study, 'retention', role), h('p', { class: 'lead' }, t('retentionHelp')));
  let schedule = await api(`/studies/${studyID}/retention`);

  const days = h('input', { type: 'number', id: 'retention-days', min: 0, max: 11000, value: schedule.rule?.days ?? '', 'aria-describedby': 'retention-days-help' });
  const keep = h('input', { type: 'checkbox', id: 'retention-keep', checked: Boolean(schedule.rule?.keepRedactedMedia) });
  const fill = h('select', { id: 'retention-fill' },
    ['tone', 'silence'].map((value) => h('option', { value, selected: (schedule.rule?.fill ?? 'tone') === value }, t(`fill_${value}`))));
  const save = h('button', { type: 'submit', id: 'retention-save' }, t('saveRule'));
  const run = h('button', { type: 'button', id: 'retention-run', class: 'secondary' }, t('applyRuleNow'));

  const show = () => {
    const rows = schedule.entries.map((entry) => h('tr', { dataset: { recording: entry.recordingID, state: entry.state } },
      h('td', {}, h('a', { href: `#/recordings/${entry.recordingID}` }, entry.title)),
      h('td', {}, day(entry.validatedAt)),
      h('td', {}, entry.state === 'removed' ? day(entry.removedAt) : day(entry.dueAt)),
      h('td', {}, t(`retention_${entry.state}`, { n: entry.pendingDecisions })),
      h('td', {}, entry.keepsRedactedCopy ? t('redactedCopyKept') : t('nothingKept'))));
    replace(table,
      schedule.rule ? null : h('p', { class: 'muted' }, t('noRetentionRule')),
      h('table', { class: 'retention' },
        h('caption', {}, t('retentionSchedule')),
        h('thead', {}, h('tr', {}, [t('recording'), t('validatedOn'), t('deletionDate'), t('state'), t('afterDeletion')].map((label) => h('th', { scope: 'col' }, label)))),
        h('tbody', {}, rows)));
    run.disabled = !schedule.rule;
  };

  if (role === 'admin') {
    const form = h('form', { class: 'card', id: 'retention-rule' },
      h('h2', {}, t('retentionRule')),
      h('div', { class: 'field' }, h('label', { for: days.id }, t('retentionDays')), days,
        h('p', { class: 'help', id: 'retention-days-help' }, t('retentionDaysHelp'))),
      h('div', { class: 'check' }, keep, h('label', { for: keep.id }, t('keepRedactedMedia'))),
      h('div', { class: 'field' }, h('label', { for: fill.id }, t('redactionFill')), fill),
      h('p', {}, save, ' ', run), error);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.textContent = '';
      try {
        const value = days.value.trim() === '' ? null : Number(days.value);
        schedule = await api(`/studies/${studyID}/retention`, { method: 'PUT', json: { days: value, keepRedactedMedia: keep.checked, fill: fill.value } });
        show();
        announce(t('ruleSaved'));
      } catch (failure) {
        error.textContent = failure.message;
      }
    });
    run.addEventListener('click', async () => {
      error.textContent = '';
      run.disabled = true;
      try {
        const report = await api(`/studies/${studyID}/retention/run`, { method: 'POST' });
        schedule = report.schedule;
        show();
        announce(t('retentionApplied', { n: report.outcomes.filter((o) => o.result === 'removed').length }));
      } catch (failure) {
        error.textContent = failure.message;
      } finally {
        run.disabled = !schedule.rule;
      }
    });
    main.append(form);
  }
  main.append(table);
  show();
}
