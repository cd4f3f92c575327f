// Accessibility checks run in the page by the browser test: text contrast (WCAG 2 AA: 4.5:1,
// 3:1 for large text), a name for every form field and button, every control focusable. Returns a list of problems.
const problems = [];
const parse = (text) => {
  const match = /rgba?\(([^)]+)\)/.exec(text);
  if (!match) return null;
  const [r, g, b, a = 1] = match[1].split(/[ ,/]+/).filter(Boolean).map(Number);
  return { r, g, b, a };
};
const luminance = ({ r, g, b }) => {
  const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
};
const over = (top, under) => ({
  r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a), b: top.b * top.a + under.b * (1 - top.a), a: 1,
});
const backgroundOf = (element) => {
  const layers = [];
  for (let e = element; e; e = e.parentElement) {
    const color = parse(getComputedStyle(e).backgroundColor);
    if (color && color.a > 0) {
      layers.push(color);
      if (color.a >= 1) break;
    }
  }
  return layers.reverse().reduce((under, top) => over(top, under), { r: 255, g: 255, b: 255, a: 1 });
};
const visible = (element) => {
  const box = element.getBoundingClientRect();
  const style = getComputedStyle(element);
  return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0.1;
};
const describe = (element) => `${element.tagName.toLowerCase()}${element.id ? '#' + element.id : ''}${element.className && typeof element.className === 'string' ? '.' + element.className.split(' ')[0] : ''} "${(element.textContent || '').trim().slice(0, 30)}"`;

for (const element of document.querySelectorAll('body *:not(svg *):not(script):not(style):not(option)')) {
  const ownText = [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.data.trim());
  if (!ownText || !visible(element) || element.closest('.visually-hidden')) continue;
  if (element.disabled || element.closest('[disabled]')) continue;
  const style = getComputedStyle(element);
  const color = parse(style.color);
  const background = backgroundOf(element);
  const foreground = over(color, background);
  const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
  const ratio = (light + 0.05) / (dark + 0.05);
  const size = parseFloat(style.fontSize);
  const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
  if (ratio < (large ? 3 : 4.5)) problems.push(`contrast ${ratio.toFixed(2)}:1 for ${describe(element)}`);
}
for (const field of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
  if (!visible(field)) continue;
  if (field.labels?.length || field.getAttribute('aria-label') || field.getAttribute('aria-labelledby')) continue;
  problems.push(`no label for ${describe(field)}`);
}
for (const button of document.querySelectorAll('button, a[href]')) {
  if (!visible(button)) continue;
  if ((button.textContent || '').trim() || button.getAttribute('aria-label')) continue;
  problems.push(`no name for ${describe(button)}`);
}
// Keyboard: every visible control can take the focus (no tabindex="-1" on a control, and
// nothing made to act as a button or link without being focusable).
for (const control of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=link], [role=checkbox], [role=tab]')) {
  if (!visible(control) || control.disabled || control.closest('[inert]')) continue;
  if (control.tabIndex < 0) problems.push(`not reachable by keyboard: ${describe(control)}`);
}
return problems;
