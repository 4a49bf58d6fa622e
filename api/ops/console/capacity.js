// The console's capacity panel: GET /ops/capacity every 30 s (sizes move slowly, and each answer costs an _stats
// and a Postgres query), drawn into a panel of its own appended to the dashboard. It reads the ops key where
// console.js keeps it and draws nothing until a key is there; everything from the server goes in as textContent.
import { bytes, count, el } from './format.js';

const KEY = 'sluice-ops-key'; // console.js stores the key under this name
const HEAD = ['projection', 'index', 'documents', 'ES primary / total', 'bytes/doc', 'Postgres bytes', 'rebuild expected', 'from'];

const duration = (s) => (s === null ? '–' : s < 90 ? `${s < 10 ? s.toFixed(1) : Math.round(s)} s` : s < 5400 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(1)} h`);

function panel() {
  let section = document.getElementById('capacity');
  if (section) return section;
  section = el('section', { class: 'panel', id: 'capacity' });
  const table = el('table', { id: 'capacity-table' });
  const head = el('tr');
  HEAD.forEach((h, i) => head.append(el('th', i >= 2 && i <= 6 ? { class: 'num' } : {}, h)));
  table.append(el('thead'), el('tbody'));
  table.tHead.append(head);
  section.append(el('h2', {}, 'Capacity'), table, el('p', { id: 'capacity-catch-up', class: 'muted' }));
  document.getElementById('dashboard').append(section);
  return section;
}

function draw(report) {
  panel();
  const body = document.getElementById('capacity-table').tBodies[0];
  body.replaceChildren(...report.projections.map((p) => {
    const tr = el('tr');
    const cells = [p.projection, p.index ?? 'missing', count(p.docs), p.primaryBytes === null ? '–' : `${bytes(p.primaryBytes)} / ${bytes(p.totalBytes)}`, bytes(p.bytesPerDoc), bytes(p.postgresBytes), duration(p.rebuild.expectedSeconds), [p.rebuild.note, ...p.unavailable].join('; ')];
    cells.forEach((c, i) => tr.append(el('td', i >= 2 && i <= 6 ? { class: 'num' } : {}, c)));
    return tr;
  }));
  const c = report.catchUp;
  document.getElementById('capacity-catch-up').textContent =
    c.docsPerSecond === null ? `Catch-up throughput: ${c.source}` : `Catch-up throughput: ${count(c.docsPerSecond)} docs/s at ${new Date(c.observedAt).toLocaleTimeString()} with ${count(c.behind)} behind (${c.source})`;
}

let timer;
let key;

async function refresh() {
  key = sessionStorage.getItem(KEY);
  try {
    if (!key) return;
    const response = await fetch('/ops/capacity', { headers: { authorization: `Bearer ${key}` }, cache: 'no-store' });
    if (response.ok) draw(await response.json()); // a refused key is console.js's to show
  } catch {
    // Unreachable: the header badge already says so; the last figures stay.
  } finally {
    // Without a key, look again soon (no request is made) so the panel appears right after the login.
    clearTimeout(timer);
    timer = setTimeout(refresh, key ? 30_000 : 1_000);
  }
}

document.addEventListener('DOMContentLoaded', () => void refresh());
