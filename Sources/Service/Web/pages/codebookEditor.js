// The codebook page: the code tree with definitions and colours; rename, recolour, define, move
// under another code, merge into another code, delete (saying what goes with it); REFI-QDA
// codebook (.qdc) import and export.

import { api } from '../api.js';
import { announce, h, replace } from '../dom.js';
import { download } from '../download.js';
import { t } from '../i18n.js';
import { isManager, setBreadcrumbs, studyRole } from '../layout.js';
import { codePalette, swatch } from './codebook.js';
import { codeOptions, studyNav } from './retrieval.js';

export async function renderCodebook(main, [studyID]) {
  const [study, role] = await Promise.all([api(`/studies/${studyID}`), studyRole(Number(studyID))]);
  const manager = isManager(role);
  setBreadcrumbs([{ label: t('studies'), href: '#/' }, { label: study.name, href: `#/studies/${study.id}` }, { label: t('codebook') }]);
  const tree = h('div', { id: 'codebook-tree' });
  const status = h('p', { class: 'muted', 'aria-live': 'polite', id: 'codebook-status' });
  let codes = [];

  const refresh = async (message, focusID) => {
    codes = await api(`/studies/${study.id}/codes`);
    replace(tree, codes.length ? list(null) : h('p', { class: 'empty' }, t('noCodes')));
    const chosen = newParent.value;
    replace(newParent, h('option', { value: '' }, t('topLevel')), codeOptions(codes, chosen ? Number(chosen) : null));
    if (message) {
      status.textContent = message;
      announce(message);
    }
    if (focusID) tree.querySelector(`[data-code="${focusID}"] .code-actions button`)?.focus();
  };
  const descendants = (id) => {
    const found = new Set([id]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const code of codes) if (code.parentID !== null && found.has(code.parentID) && !found.has(code.id)) { found.add(code.id); grew = true; }
    }
    return found;
  };
  const list = (parentID) => {
    const children = codes.filter((c) => (c.parentID ?? null) === parentID).sort((a, b) => a.name.localeCompare(b.name));
    if (!children.length) return null;
    return h('ul', { class: 'code-tree' }, children.map((code) => {
      const panel = h('div', { class: 'code-panel' });
      const actions = manager ? h('span', { class: 'code-actions' },
        h('button', { type: 'button', class: 'quiet small', 'aria-label': t('editCode', { name: code.name }), onclick: () => edit(code, panel) }, t('edit')),
        h('button', { type: 'button', class: 'quiet small', 'aria-label': t('mergeCode', { name: code.name }), onclick: () => merge(code, panel) }, t('merge')),
        h('button', { type: 'button', class: 'quiet small', 'aria-label': t('deleteCode', { name: code.name }), onclick: () => remove(code, panel) }, t('delete')))
        : null;
      return h('li', { dataset: { code: code.id } },
        h('div', { class: 'code-row' }, swatch(code.color), h('strong', { class: 'code-name' }, code.name), actions),
        code.details ? h('p', { class: 'code-details' }, code.details) : null,
        panel, list(code.id));
    }));
  };

  const closeButton = (panel) => h('button', { type: 'button', class: 'quiet', onclick: () => replace(panel) }, t('cancel'));
  const edit = (code, panel) => {
    const error = h('p', { class: 'error', role: 'alert' });
    const id = `code-${code.id}`;
    const name = h('input', { id: `${id}-name`, value: code.name, required: true, maxlength: 100 });
    const color = h('input', { id: `${id}-color`, type: 'color', value: code.color.toLowerCase() });
    const details = h('textarea', { id: `${id}-details`, rows: 3 }, code.details);
    const excluded = descendants(code.id);
    const parent = h('select', { id: `${id}-parent` }, h('option', { value: '' }, t('topLevel')),
      codeOptions(codes.filter((c) => !excluded.has(c.id)), code.parentID));
    const form = h('form', { class: 'code-form' },
      h('span', { class: 'field' }, h('label', { for: name.id }, t('codeName')), name),
      h('span', { class: 'field' }, h('label', { for: color.id }, t('colour')), color),
      h('span', { class: 'field wide' }, h('label', { for: details.id }, t('definition')), details),
      h('span', { class: 'field' }, h('label', { for: parent.id }, t('parentCode')), parent),
      h('p', { class: 'buttons' }, h('button', { type: 'submit' }, t('save')), closeButton(panel)), error);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        await api(`/codes/${code.id}`, { method: 'PUT', json: {
          name: name.value.trim(), color: color.value.toUpperCase(), details: details.value.trim(),
          parentID: parent.value ? Number(parent.value) : null } });
        await refresh(t('codeSaved', { name: name.value.trim() }), code.id);
      } catch (failure) {
        error.textContent = failure.message;
      }
    });
    replace(panel, form);
    name.focus();
  };
  const merge = (code, panel) => {
    const error = h('p', { class: 'error', role: 'alert' });
    const excluded = descendants(code.id);
    const target = h('select', { id: `merge-${code.id}` }, codeOptions(codes.filter((c) => !excluded.has(c.id))));
    if (!target.options.length) {
      replace(panel, h('p', { class: 'help' }, t('mergeNoTarget')), closeButton(panel));
      return;
    }
    const form = h('form', { class: 'code-form' },
      h('p', { class: 'help' }, t('mergeHelp', { name: code.name })),
      h('span', { class: 'field' }, h('label', { for: target.id }, t('mergeInto')), target),
      h('p', { class: 'buttons' }, h('button', { type: 'submit' }, t('merge')), closeButton(panel)), error);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const result = await api(`/codes/${code.id}/merge`, { method: 'POST', json: { into: Number(target.value) } });
        const into = codes.find((c) => c.id === result.targetID)?.name ?? '';
        await refresh(t('mergeDone', { name: code.name, into, moved: result.movedCodings, collapsed: result.collapsedCodings }), result.targetID);
      } catch (failure) {
        error.textContent = failure.message;
      }
    });
    replace(panel, form);
    target.focus();
  };
  const remove = async (code, panel) => {
    const error = h('p', { class: 'error', role: 'alert' });
    try {
      const plan = await api(`/codes/${code.id}/deletion`);
      const confirm = h('button', { type: 'button', class: 'danger', id: `confirm-delete-${code.id}`, onclick: async () => {
        try {
          const done = await api(`/codes/${code.id}`, { method: 'DELETE' });
          await refresh(t('codeDeleted', { name: code.name, codings: done.codings, subcodes: done.subcodes }));
        } catch (failure) {
          error.textContent = failure.message;
        }
      } }, t('deleteConfirm'));
      replace(panel, h('div', { class: 'confirm', role: 'group', 'aria-label': t('deleteCode', { name: code.name }) },
        h('p', {}, t('deleteCodePlan', { name: code.name, codings: plan.codings, subcodes: plan.subcodes, memos: plan.memos })),
        h('p', { class: 'buttons' }, confirm, closeButton(panel)), error));
      confirm.focus();
    } catch (failure) {
      replace(panel, h('p', { class: 'error', role: 'alert' }, failure.message));
    }
  };

  // Adding, importing and exporting.
  const addError = h('p', { class: 'error', role: 'alert' });
  const newName = h('input', { id: 'new-code-name', required: true, maxlength: 100 });
  const newColor = h('input', { id: 'new-code-color', type: 'color', value: codePalette[0] });
  const newParent = h('select', { id: 'new-code-parent' });
  const addForm = h('form', { class: 'inline-form', id: 'codebook-add' },
    h('label', { for: 'new-code-name' }, t('codeName')), newName,
    h('label', { for: 'new-code-color' }, t('colour')), newColor,
    h('label', { for: 'new-code-parent' }, t('parentCode')), newParent,
    h('button', { type: 'submit' }, t('add')), addError);
  addForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    addError.textContent = '';
    try {
      const created = await api(`/studies/${study.id}/codes`, { method: 'POST', json: {
        name: newName.value.trim(), color: newColor.value, parentID: newParent.value ? Number(newParent.value) : null } });
      newName.value = '';
      newColor.value = codePalette[(codes.length + 1) % codePalette.length];
      await refresh(t('codeSaved', { name: created.name }));
    } catch (failure) {
      addError.textContent = failure.message;
    }
  });
  const file = h('input', { id: 'qdc-file', type: 'file', accept: '.qdc,application/xml,text/xml', required: true });
  const importError = h('p', { class: 'error', role: 'alert', id: 'qdc-error' });
  const importForm = h('form', { class: 'inline-form', id: 'qdc-import' },
    h('label', { for: 'qdc-file' }, t('qdcFile')), file, h('button', { type: 'submit' }, t('importCodebook')), importError);
  importForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    importError.textContent = '';
    if (!file.files[0]) return;
    try {
      const before = codes.length;
      const after = await api(`/studies/${study.id}/codebook`, { method: 'POST', body: file.files[0], headers: { 'Content-Type': 'application/xml' } });
      file.value = '';
      await refresh(t('codebookImported', { n: after.length - before }));
    } catch (failure) {
      importError.textContent = failure.message;
    }
  });
  const exportButton = h('button', { type: 'button', id: 'qdc-export', onclick: async () => {
    try {
      const saved = await download(`/studies/${study.id}/codebook.qdc`, `study-${study.id}-codebook.qdc`);
      announce(t('downloaded', { name: saved.name, size: Math.ceil(saved.size / 1024) }));
    } catch (failure) {
      importError.textContent = failure.message;
    }
  } }, t('exportCodebook'));

  main.append(h('h1', {}, t('codebook')), studyNav(study, 'codebook'),
    h('section', { class: 'card', 'aria-labelledby': 'codes-title' }, h('h2', { id: 'codes-title' }, t('codes')), status, tree),
    manager ? h('section', { class: 'card', 'aria-labelledby': 'add-code-title' }, h('h2', { id: 'add-code-title' }, t('addCode')), addForm) : null,
    h('section', { class: 'card', 'aria-labelledby': 'qdc-title' }, h('h2', { id: 'qdc-title' }, t('refiCodebook')),
      h('p', { class: 'help' }, t('qdcHelp')), h('p', {}, exportButton), manager ? importForm : importError));
  await refresh();
}
