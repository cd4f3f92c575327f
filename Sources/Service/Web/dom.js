// Small DOM helpers: element creation without innerHTML (no markup from data ever reaches the parser).

/**
 * Creates an element: `h('button', {type: 'button', onclick: f, class: 'x'}, 'Text', child)`.
 * Attributes starting with `on` become listeners; `dataset` and `aria` objects are expanded;
 * `false`, `null` and `undefined` attributes and children are skipped.
 */
export function h(tag, attributes = {}, ...children) {
  const element = tag.includes(':')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.split(':')[1])
    : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name === 'class') {
      element.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

/** Appends `children` to `element`, skipping `null`, `undefined` and `false` (DOM `append` would print them). */
export function add(element, ...children) {
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
}

/** Removes every child of `element`, then appends `children`. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** `83.4` → `1:23.4`; with `precise: false` → `1:23`; hours when needed. */
export function formatTime(seconds, precise = false) {
  if (!Number.isFinite(seconds)) return '–';
  const sign = seconds < 0 ? '-' : '';
  let rest = Math.abs(seconds);
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  rest -= minutes * 60;
  const secs = precise ? rest.toFixed(1).padStart(4, '0') : String(Math.floor(rest)).padStart(2, '0');
  return hours > 0 ? `${sign}${hours}:${String(minutes).padStart(2, '0')}:${secs}` : `${sign}${minutes}:${secs}`;
}

/** Says `message` to screen-reader users (and keeps it visible nowhere). */
export function announce(message) {
  const region = document.getElementById('announcer');
  if (region) region.textContent = message;
}

/** Number of Unicode code points of `text` (the store counts characters as code points). */
export function codePointLength(text) {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
