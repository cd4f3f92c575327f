// A participant (a case): their case variables, edited in place (add, change, remove, mark as
// sensitive: coders never see sensitive ones), the recordings they are linked to, and for the
// study's admins their real identity in the identity vault.

import { api } from '../api.js';
import { announce, h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { isManager, setBreadcrumbs, studyRole } from '../layout.js';
import { identityPanel } from './identity.js';

export async function renderParticipant(main, [participantID]) {
  let detail = await api(`/participants/${participantID}`);
  const { participant } = detail;
  const [study, role, recordings] = await Promise.all([
    api(`/studies/${participant.studyID}`), studyRole(participant.studyID), api(`/studies/${participant.studyID}/recordings`)]);
  const manager = isManager(role);
  setBreadcrumbs([{ label: t('studies'), href: '#/' }, { label: study.name, href: `#/studies/${study.id}` }, { label: participant.pseudonym }]);
  const status = h('p', { class: 'muted', 'aria-live': 'polite', id: 'attribute-status' });
  const error = h('p', { class: 'error', role: 'alert', id: 'attribute-error' });
  const body = h('tbody', { id: 'attribute-rows' });
  const path = (name) => `/participants/${participant.id}/attributes/${encodeURIComponent(name)}`;
  const done = (message) => {
    status.textContent = message;
    announce(message);
  };

  const rows = () => {
    replace(body, detail.attributes.map((attribute, index) => {
      const id = `attribute-${index}`;
      const value = h('input', { id: `${id}-value`, value: attribute.value, maxlength: 500, 'aria-label': t('valueOf', { name: attribute.name }) });
      const sensitive = h('input', { type: 'checkbox', id: `${id}-sensitive`, checked: attribute.isSensitive });
      return h('tr', { dataset: { attribute: attribute.name } },
        h('th', { scope: 'row' }, attribute.name),
        h('td', {}, manager ? value : attribute.value),
        h('td', {}, manager
          ? h('span', { class: 'check' }, sensitive, h('label', { for: sensitive.id }, t('sensitive')))
          : (attribute.isSensitive ? t('sensitive') : '')),
        manager ? h('td', { class: 'row-actions' },
          h('button', { type: 'button', class: 'small', 'aria-label': t('saveAttribute', { name: attribute.name }), onclick: async () => {
            error.textContent = '';
            try {
              detail = await api(path(attribute.name), { method: 'PUT', json: { value: value.value, sensitive: sensitive.checked } });
              rows();
              done(t('attributeSaved', { name: attribute.name }));
            } catch (failure) {
              error.textContent = failure.message;
            }
          } }, t('save')),
          h('button', { type: 'button', class: 'quiet small', 'aria-label': t('removeAttribute', { name: attribute.name }), onclick: async () => {
            error.textContent = '';
            try {
              detail = await api(path(attribute.name), { method: 'DELETE' });
              rows();
              done(t('attributeRemoved', { name: attribute.name }));
              document.getElementById('new-attribute-name')?.focus();
            } catch (failure) {
              error.textContent = failure.message;
            }
          } }, t('remove'))) : null);
    }));
    empty.hidden = detail.attributes.length > 0;
  };
  const empty = h('p', { class: 'empty' }, t('noAttributes'));
  const table = h('table', { class: 'data-table compact', id: 'attribute-table' },
    h('caption', { class: 'visually-hidden' }, t('caseAttributes')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('attributeName')), h('th', { scope: 'col' }, t('attributeValue')),
      h('th', { scope: 'col' }, t('sensitive')), manager ? h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('actions'))) : null)),
    body);
  rows();

  const name = h('input', { id: 'new-attribute-name', required: true, maxlength: 100, placeholder: 'sexe' });
  const value = h('input', { id: 'new-attribute-value', required: true, maxlength: 500, placeholder: 'F' });
  const sensitive = h('input', { type: 'checkbox', id: 'new-attribute-sensitive' });
  const form = h('form', { class: 'inline-form', id: 'add-attribute' },
    h('label', { for: 'new-attribute-name' }, t('attributeName')), name,
    h('label', { for: 'new-attribute-value' }, t('attributeValue')), value,
    h('span', { class: 'check' }, sensitive, h('label', { for: 'new-attribute-sensitive' }, t('sensitive'))),
    h('button', { type: 'submit' }, t('add')),
    h('p', { class: 'help' }, t('sensitiveHelp')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      detail = await api(path(name.value.trim()), { method: 'PUT', json: { value: value.value.trim(), sensitive: sensitive.checked } });
      rows();
      done(t('attributeSaved', { name: name.value.trim() }));
      name.value = '';
      value.value = '';
      sensitive.checked = false;
      name.focus();
    } catch (failure) {
      error.textContent = failure.message;
    }
  });

  // The recordings this participant is linked to (links are made on the recording's page).
  const links = await Promise.all(recordings.map(async (recording) => ({
    recording, link: (await api(`/recordings/${recording.id}/participants`)).find((l) => l.participantID === participant.id) })));
  const linked = links.filter((l) => l.link);
  main.append(h('h1', {}, participant.pseudonym),
    h('section', { class: 'card', 'aria-labelledby': 'attributes-title' },
      h('h2', { id: 'attributes-title' }, t('caseAttributes')), empty, table, status, error, manager ? form : null),
    h('section', { class: 'card', 'aria-labelledby': 'participant-recordings-title' },
      h('h2', { id: 'participant-recordings-title' }, t('recordings')),
      linked.length
        ? h('ul', { class: 'plain-list', id: 'participant-recordings' }, linked.map(({ recording, link }) =>
          h('li', {}, h('a', { href: `#/recordings/${recording.id}` }, recording.title), ' · ', roleLabel(link.role))))
        : h('p', { class: 'empty' }, t('noLinkedRecordings'))),
    role === 'admin' ? identityPanel(participant) : null);
}

/** A participant role in the page's language (free roles as typed). */
export function roleLabel(role) {
  const known = { interviewee: 'roleInterviewee', interviewer: 'roleInterviewer', caregiver: 'roleCaregiver' };
  return known[role] ? t(known[role]) : role;
}
