// Heart rate and EDA under the transcript, on the recording's time axis: one lane per signal,
// the speaker turns as bands, the playhead, and the turn's figures on hover. Drawn as SVG here.

import { api } from '../api.js';
import { formatTime, h, replace } from '../dom.js';
import { t } from '../i18n.js';

const kinds = ['heartRate', 'eda'];
const laneHeight = 64;
const left = 96;
const right = 12;

/** Turns (runs of segments with one speaker) as `{start, end, speakerID, first, last}`. */
export function turnsOf(segments) {
  const turns = [];
  segments.forEach((segment, index) => {
    const last = turns.at(-1);
    if (last && last.speakerID === segment.speakerID) {
      last.end = Math.max(last.end, segment.end);
      last.last = index;
    } else {
      turns.push({ start: segment.start, end: segment.end, speakerID: segment.speakerID, first: index, last: index });
    }
  });
  return turns;
}

/** Mean, minimum and maximum of the series' values within `start..<end`, or null. */
export function summarize(series, start, end) {
  let sum = 0;
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  series.times.forEach((time, index) => {
    const value = series.values[index];
    if (time < start || time >= end || value === null || !Number.isFinite(value)) return;
    sum += value;
    count += 1;
    min = Math.min(min, value);
    max = Math.max(max, value);
  });
  return count ? { mean: sum / count, min, max, count } : null;
}

/**
 * The biometrics panel, or null when the recording has no heart-rate or EDA stream covering it.
 * `player` gives the playhead; `speakerLabel` names the turns.
 */
export async function biometricsPanel({ recording, transcript, segments, player, speakerLabel }) {
  let series;
  try {
    series = await api(`/recordings/${recording.id}/biometrics/series?kinds=${kinds.join(',')}&points=600`);
  } catch (failure) {
    if (failure.status === 404 || failure.status === 403) return null;
    // 422: the recording cannot be placed in time (no wall-clock start). Worth saying only when
    // someone linked to the recording may have worn a device.
    if (failure.status === 422) {
      const links = await api(`/recordings/${recording.id}/participants`).catch(() => []);
      if (links.length === 0) return null;
      return { element: h('p', { class: 'help card', id: 'biometrics-note' }, `${t('biometrics')}: ${failure.message}`), dispose() {} };
    }
    throw failure;
  }
  series = (series ?? []).filter((s) => s.times?.length && s.values?.some((v) => v !== null));
  if (series.length === 0) return null;
  let perTurn = null;
  try {
    perTurn = await api(`/transcripts/${transcript.id}/biometrics?by=turn&format=json`);
  } catch {
    // The figures are then computed here from the plotted series.
  }
  const turns = turnsOf(segments);
  const duration = recording.duration ?? Math.max(...segments.map((s) => s.end), ...series.flatMap((s) => s.times.slice(-1)));
  const svg = h('svg:svg', { class: 'bio-plot', role: 'img', 'aria-labelledby': 'bio-title bio-desc', id: 'bio-plot' });
  const tooltip = h('div', { class: 'bio-tooltip', hidden: true, role: 'status' });
  const wrapper = h('div', { class: 'bio-wrapper' }, svg, tooltip);
  const description = h('p', { id: 'bio-desc', class: 'visually-hidden' },
    series.map((s) => `${label(s)} (${s.unit ?? ''}), ${s.participant ?? ''}, ${s.source ?? ''}`).join('; '));

  let width = 800;
  let playhead = null;
  const x = (time) => left + (Math.max(0, Math.min(duration, time)) / duration) * (width - left - right);
  const timeAt = (pixel) => ((pixel - left) / (width - left - right)) * duration;

  const draw = () => {
    width = Math.max(320, wrapper.clientWidth || 800);
    const height = series.length * laneHeight + 22;
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.setAttribute('width', width);
    svg.setAttribute('height', height);
    replace(svg, h('svg:title', { id: 'bio-title' }, t('biometricsTitle')));
    turns.forEach((turn, index) => {
      if (index % 2 === 0) return;
      svg.append(h('svg:rect', { class: 'turn-band', x: x(turn.start), y: 0, width: Math.max(1, x(turn.end) - x(turn.start)), height: series.length * laneHeight }));
    });
    series.forEach((s, lane) => {
      const top = lane * laneHeight + 6;
      const bottom = top + laneHeight - 14;
      const values = s.values.filter((v) => v !== null && Number.isFinite(v));
      let min = Math.min(...values);
      let max = Math.max(...values);
      if (max - min < 1e-9) { min -= 1; max += 1; }
      const y = (value) => bottom - ((value - min) / (max - min)) * (bottom - top);
      let path = '';
      let pen = false;
      s.times.forEach((time, index) => {
        const value = s.values[index];
        if (value === null || !Number.isFinite(value)) { pen = false; return; }
        path += `${pen ? 'L' : 'M'}${x(time).toFixed(1)},${y(value).toFixed(1)}`;
        pen = true;
      });
      svg.append(
        h('svg:text', { x: 4, y: (top + bottom) / 2 + 4, class: `bio-label ${s.kind}` }, `${shortLabel(s)} (${s.unit ?? ''})`),
        h('svg:text', { x: left - 6, y: top + 10, class: 'bio-scale', 'text-anchor': 'end' }, format(max, max - min)),
        h('svg:text', { x: left - 6, y: bottom, class: 'bio-scale', 'text-anchor': 'end' }, format(min, max - min)),
        h('svg:line', { x1: left, x2: width - right, y1: bottom, y2: bottom, class: 'bio-axis' }),
        h('svg:path', { d: path, class: `bio-line ${s.kind}` }));
    });
    const axisY = series.length * laneHeight + 16;
    const step = niceStep(duration / Math.max(2, Math.floor((width - left - right) / 90)));
    for (let time = 0; time <= duration; time += step) {
      svg.append(h('svg:text', { x: x(time), y: axisY, class: 'bio-scale', 'text-anchor': 'middle' }, formatTime(time)));
    }
    playhead = h('svg:line', { class: 'bio-playhead', x1: x(0), x2: x(0), y1: 0, y2: series.length * laneHeight });
    svg.append(playhead);
    movePlayhead();
  };
  const movePlayhead = () => {
    const at = x(player.element.currentTime || 0);
    playhead?.setAttribute('x1', at);
    playhead?.setAttribute('x2', at);
  };

  // Per-turn figures: the server's table (GET /transcripts/{id}/biometrics?by=turn) when readable,
  // else means of the plotted series.
  const rowsFromServer = Array.isArray(perTurn?.rows) ? perTurn.rows : [];
  const figuresFor = (turnIndex) => {
    const turn = turns[turnIndex];
    const row = rowsFromServer.find((item) => Math.abs(item.start - turn.start) < 0.5) ?? rowsFromServer[turnIndex];
    const lines = [];
    for (const s of series) {
      const name = label(s);
      const unit = s.unit ?? '';
      let mean;
      let min;
      let max;
      if (row && s.kind === 'heartRate' && row.heartRateMean !== undefined) {
        [mean, min, max] = [row.heartRateMean, row.heartRateMin, row.heartRateMax];
      } else if (row && s.kind === 'eda' && row.edaMean !== undefined) {
        mean = row.edaMean;
      } else {
        const summary = summarize(s, turn.start, turn.end);
        [mean, min, max] = summary ? [summary.mean, summary.min, summary.max] : [null, null, null];
      }
      const value = mean === null || mean === undefined ? null : mean;
      let text = value === null ? `${name}: ${t('noData')}`
        : min !== undefined && min !== null ? t('turnFigures', { name, mean: format(value), min: format(min), max: format(max), unit })
          : t('turnMean', { name, mean: format(value), unit });
      if (row && s.kind === 'heartRate' && row.rmssd !== null && row.rmssd !== undefined) text += ` · RMSSD ${format(row.rmssd)} ms`;
      if (row && s.kind === 'eda' && row.scrCount !== null && row.scrCount !== undefined) text += ` · ${t('scrCount', { n: row.scrCount })}`;
      lines.push({ name, value, text });
    }
    return lines;
  };
  svg.addEventListener('mousemove', (event) => {
    const box = svg.getBoundingClientRect();
    const time = timeAt(event.clientX - box.left);
    const index = turns.findIndex((turn) => time >= turn.start && time < turn.end);
    if (index < 0) { tooltip.hidden = true; return; }
    const turn = turns[index];
    replace(tooltip,
      h('strong', {}, `${speakerLabel(turn.speakerID)} · ${formatTime(turn.start)}–${formatTime(turn.end)}`),
      figuresFor(index).map(({ text }) => h('div', {}, text)));
    tooltip.hidden = false;
    tooltip.style.left = `${Math.min(event.clientX - box.left + 12, box.width - 240)}px`;
  });
  svg.addEventListener('mouseleave', () => { tooltip.hidden = true; });
  svg.addEventListener('click', (event) => {
    const box = svg.getBoundingClientRect();
    player.seek(timeAt(event.clientX - box.left));
  });
  player.element.addEventListener('timeupdate', movePlayhead);
  const observer = new ResizeObserver(() => draw());
  observer.observe(wrapper);

  const table = h('table', { class: 'data-table compact' },
    h('caption', {}, t('perTurnFigures')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('turn')), series.map((s) => h('th', { scope: 'col' }, `${label(s)} (${s.unit ?? ''})`)))),
    h('tbody', {}, turns.map((turn, index) => h('tr', {},
      h('th', { scope: 'row' }, `${speakerLabel(turn.speakerID)} ${formatTime(turn.start)}`),
      figuresFor(index).map(({ value }) => h('td', {}, value === null ? '–' : format(value)))))));
  const element = h('section', { class: 'card biometrics', 'aria-labelledby': 'bio-heading', id: 'biometrics' },
    h('h2', { id: 'bio-heading' }, t('biometrics')), description, wrapper,
    h('details', {}, h('summary', {}, t('perTurnTable')), table));
  requestAnimationFrame(draw);
  return { element, dispose: () => observer.disconnect() };
}

function label(series) {
  return series.kind === 'heartRate' ? t('heartRate') : series.kind === 'eda' ? t('eda') : series.kind;
}

function shortLabel(series) {
  return series.kind === 'heartRate' ? t('heartRateShort') : series.kind === 'eda' ? t('edaShort') : series.kind;
}

/** A figure with as many decimals as `span` (the range it is read against) needs. */
function format(value, span = Math.abs(value) / 10) {
  if (!Number.isFinite(value)) return '–';
  const decimals = span >= 10 ? 0 : span >= 1 ? 1 : span >= 0.1 ? 2 : 3;
  return value.toFixed(decimals);
}

function niceStep(raw) {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];
  return steps.find((step) => step >= raw) ?? 3600;
}
