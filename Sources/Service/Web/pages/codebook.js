// A study's codebook: the codes with their colours, and a form to add one.

import { api } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';

/** Colours offered for new codes, each with ≥ 3:1 contrast against the white page. */
export const codePalette = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf', '#ff7f0e'];

export async function codebookSection(study, manager = true) {
  const codes = await api(`/studies/${study.id}/codes`);
  const list = h('ul', { class: 'plain-list code-list', id: 'code-list' });
  const show = (code) => list.append(h('li', {}, swatch(code.color), h('span', {}, code.name)));
  codes.forEach(show);
  const empty = h('p', { class: 'empty' }, t('noCodes'));
  empty.hidden = codes.length > 0;
  const error = h('p', { class: 'error', role: 'alert' });
  const name = h('input', { id: 'code-name', name: 'name', required: true, maxlength: 100 });
  const color = h('input', { id: 'code-color', name: 'color', type: 'color', value: codePalette[codes.length % codePalette.length] });
  const form = h('form', { class: 'inline-form', id: 'add-code' },
    h('label', { for: 'code-name' }, t('codeName')), name,
    h('label', { for: 'code-color' }, t('colour')), color,
    h('button', { type: 'submit' }, t('add')),
    error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      show(await api(`/studies/${study.id}/codes`, { method: 'POST', json: { name: name.value.trim(), color: color.value } }));
      empty.hidden = true;
      name.value = '';
      color.value = codePalette[list.children.length % codePalette.length];
    } catch (failure) {
      error.textContent = failure.message;
    }
  });
  return h('section', { class: 'card', 'aria-labelledby': 'codebook-title' },
    h('h2', { id: 'codebook-title' }, t('codebook')), empty, list, manager ? form : null,
    h('p', {}, h('a', { href: `#/studies/${study.id}/codebook`, id: 'manage-codebook' }, manager ? t('manageCodebook') : t('readCodebook'))));
}

/** A small square of the code's colour (decorative: the name is always beside it). */
export function swatch(color) {
  const element = h('span', { class: 'swatch', 'aria-hidden': 'true' });
  element.style.backgroundColor = color;
  return element;
}
