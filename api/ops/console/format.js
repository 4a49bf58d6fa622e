// Number formatting and sparklines for the console. Plain browser JavaScript: no build step, nothing fetched.
const SVG = 'http://www.w3.org/2000/svg';

export function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

export function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

export function bytes(n) {
  if (n === null || n === undefined) return '–';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

export function count(n) {
  if (n === null || n === undefined) return '–';
  return Math.round(n).toLocaleString('en-US');
}

export function ms(n) {
  if (n === null || n === undefined) return '–';
  return n >= 10_000 ? `${(n / 1000).toFixed(0)} s` : n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`;
}

export function rate(t) {
  if (!t || t.value === null || t.value === undefined) return '–';
  const v = t.value;
  if (t.unit === 'B/s') return `${bytes(v)}/s`;
  return `${v >= 10 ? Math.round(v) : v.toFixed(1)} ${t.unit}`;
}

/** A small line chart of the numbers given (nulls are gaps treated as 0), scaled to its own maximum. */
export function sparkline(values, label) {
  const width = 240;
  const height = 38;
  const chart = svg('svg', { class: 'spark', viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': label });
  const numbers = values.map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : 0));
  if (numbers.length < 2) return chart;
  const max = Math.max(...numbers, 1e-9);
  const step = width / (numbers.length - 1);
  const points = numbers.map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`);
  chart.append(svg('polyline', { points: points.join(' ') }));
  return chart;
}
