// The console: asks for the ops key once (kept in sessionStorage, sent as a Bearer token), then polls /ops/lag
// and /ops/history every two seconds and redraws. Everything from the server is written with textContent.
import { bytes, count, el, ms, rate, sparkline } from './format.js';
import { drawPipeline } from './pipeline.js';

const KEY = 'sluice-ops-key';
const $ = (id) => document.getElementById(id);
let timer;

class Unauthorized extends Error {}

async function api(path) {
  const response = await fetch(path, { headers: { authorization: `Bearer ${sessionStorage.getItem(KEY) ?? ''}` }, cache: 'no-store' });
  if (response.status === 401 || response.status === 403) throw new Unauthorized((await response.json()).detail);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

const CARDS = [
  { id: 'slot-lag', title: 'Slot lag (unconfirmed WAL)', stage: 'slot', value: (r) => bytes(r.stages.slot.figures?.lagBytes), detail: (r) => `flush lag ${ms(r.stages.slot.figures?.flushLagMs)}`, series: (p) => p.slotLagBytes },
  { id: 'retained-wal', title: 'Retained WAL', stage: 'slot', value: (r) => bytes(r.stages.slot.figures?.retainedWalBytes), detail: (r) => `safe WAL size ${bytes(r.stages.slot.figures?.safeWalSizeBytes)}`, series: (p) => p.retainedWalBytes },
  { id: 'resolve-lag', title: 'Kafka consumer lag (resolve)', stage: 'kafka', value: (r) => count(r.stages.kafka.figures?.lag), detail: (r) => `group ${r.stages.kafka.figures?.state ?? '–'}, ${r.stages.kafka.figures?.members ?? 0} member(s)`, series: (p) => p.resolveLag },
  { id: 'events-lag', title: 'Event-built read models (lag)', stage: 'events', value: (r) => count((r.stages.events.figures ?? []).reduce((a, g) => a + g.lag, 0)), detail: (r) => (r.stages.events.figures ?? []).map((g) => `${g.groupId} ${count(g.lag)}`).join(' · '), series: (p) => p.throughput.events },
  { id: 'dirty-backlog', title: 'Dirty-key backlog (hydrate)', stage: 'dirty', value: (r) => count(r.stages.dirty.figures?.group.lag), detail: (r) => (r.stages.dirty.figures?.backlog ?? []).map((b) => `${b.projection} ${count(b.backlog)}`).join(' · '), series: (p) => p.dirtyBacklog },
  {
    id: 'budget', title: 'Latency budget p50 / p99', stage: 'freshness',
    value: (r) => ms(r.stages.freshness.figures?.budget?.find((b) => b.stage === 'searchable')?.p50Ms),
    detail: (r) => (r.stages.freshness.figures?.budget ?? []).map((b) => `${b.stage} ${ms(b.p50Ms)}/${ms(b.p99Ms)}`).join(' · '),
    series: (p) => p.freshnessP99Ms,
  },
  {
    id: 'fan-out', title: 'Documents per change p99', stage: 'routing', value: (r) => count(r.stages.routing.figures?.amplification.p99),
    detail: (r) => {
      const f = r.stages.routing.figures;
      if (!f) return r.stages.routing.unavailable ?? '';
      const missing = f.tables.filter((t) => !t.beforeImages).map((t) => t.fix);
      return `${count(f.routed)} routed · ${count(f.skipped)} skipped${missing.length ? ` · no before images: ${missing.join(' ')}` : ''}`;
    },
    series: (p) => p.fanOutP99,
  },
  { id: 'freshness', title: 'Freshness p99 (last minute)', stage: 'freshness', value: (r) => ms(r.stages.freshness.figures?.p99Ms), detail: (r) => `p50 ${ms(r.stages.freshness.figures?.p50Ms)} · ${count(r.stages.freshness.figures?.observations)} docs`, series: (p) => p.freshnessP99Ms },
  { id: 'dead-letters', title: 'Dead letters', stage: 'deadLetters', value: (r) => count(r.stages.deadLetters.figures?.count), detail: (r) => r.stages.deadLetters.figures?.topic ?? '', series: (p) => p.deadLetters },
  ...[['slot', 'Postgres WAL written'], ['connector', 'Debezium records produced'], ['kafka', 'Resolve records consumed'], ['dirty', 'Dirty keys hydrated'], ['elasticsearch', 'Elasticsearch docs indexed']].map(([stage, title]) => ({
    id: `throughput-${stage}`, title: `Throughput · ${title}`, stage, value: (r) => rate(r.stages[stage].throughput), detail: () => 'over the last 10 s', series: (p) => p.throughput[stage],
  })),
];

function card(def, report, points) {
  const stage = report.stages[def.stage];
  const node = el('article', { class: `card ${stage.status}`, id: `card-${def.id}`, 'data-status': stage.status });
  node.append(el('div', { class: 'title' }, def.title), el('div', { class: 'value' }, def.value(report)), el('div', { class: 'detail' }, def.detail(report) || ' '));
  node.append(sparkline(points.map(def.series), `${def.title}, last ${points.length} samples`));
  return node;
}

function drawIndexes(report) {
  const body = $('indexes').tBodies[0];
  body.replaceChildren();
  const stage = report.stages.elasticsearch;
  if (!stage.figures) return body.append(row([stage.unavailable ?? 'unavailable', '', '', '', '']));
  // From the projector's progress document: everything committed before then is searchable.
  const ago = (asOf) => (asOf ? `${ms(Date.parse(report.asOf) - Date.parse(asOf))} ago` : '–');
  for (const i of stage.figures) {
    const tr = row([i.projection, i.index ?? 'missing', count(i.docs), bytes(i.storeBytes), ago(i.searchableAsOf)]);
    tr.setAttribute('data-projection', i.projection);
    body.append(tr);
    if (i.frozen && i.freeze) {
      tr.setAttribute('data-frozen', 'true');
      tr.cells[0].append(' ', el('span', { class: 'tag failing' }, 'FROZEN'));
      body.append(frozenRow(i));
    }
  }
}

// A frozen projection is served but not written: say which index, what differs and the command that ends it.
function frozenRow(i) {
  const freeze = i.freeze;
  const td = el('td', { colspan: 5 });
  const why = freeze.difference ? `mapping differs from the declaration (${freeze.difference})` : 'mapping differs from the declaration';
  td.append(
    el('span', { class: 'why' }, `Not written: ${freeze.index ?? 'its live index'}'s ${why}. Unfreeze with `),
    el('code', { class: 'command' }, freeze.command),
  );
  const tr = el('tr', { class: 'frozen', 'data-frozen-projection': i.projection });
  tr.append(td);
  return tr;
}

function row(cells) {
  const tr = el('tr');
  cells.forEach((c, i) => tr.append(el('td', i >= 2 ? { class: 'num' } : {}, c)));
  return tr;
}

function draw(report, points) {
  $('overall').className = `badge ${report.status}`;
  $('overall').textContent = report.status;
  $('as-of').textContent = `as of ${new Date(report.asOf).toLocaleTimeString()}`;
  drawPipeline($('pipeline'), report);
  $('cards').replaceChildren(...CARDS.map((def) => card(def, report, points)));
  drawIndexes(report);
  const reasons = Object.entries(report.stages).flatMap(([name, s]) => s.reasons.map((r) => ({ name, status: s.status, r })));
  $('reasons').replaceChildren(...reasons.map(({ name, status, r }) => el('li', { class: status }, `${name}: ${r}`)));
}

// The picker lists what the ops service reports on (/ops/projections), once per page load.
let picker;
async function fillPicker() {
  const { items } = await api('/ops/projections');
  $('projection').replaceChildren(el('option', { value: 'all' }, 'all'), ...items.map((name) => el('option', { value: name }, name)));
}

async function refresh() {
  try {
    const [report, history] = await Promise.all([api('/ops/lag'), api('/ops/history')]);
    picker ??= fillPicker().catch(() => (picker = undefined));
    showDashboard();
    draw(report, history.points);
  } catch (error) {
    if (error instanceof Unauthorized) return showLogin(error.message);
    $('overall').className = 'badge unknown';
    $('overall').textContent = 'ops service unreachable';
  } finally {
    clearTimeout(timer);
    if (sessionStorage.getItem(KEY)) timer = setTimeout(refresh, 2000);
  }
}

function showLogin(message = '') {
  sessionStorage.removeItem(KEY);
  clearTimeout(timer);
  $('dashboard').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message;
  $('key').focus();
}

function showDashboard() {
  $('login').hidden = true;
  $('dashboard').hidden = false;
}

async function search(event) {
  event.preventDefault();
  const params = new URLSearchParams({ q: $('q').value, projection: $('projection').value, size: '10' });
  try {
    const { items } = await api(`/ops/search?${params}`);
    const hits = items.map((h) => {
      const li = el('li');
      li.append(el('span', { class: 'kind' }, h.projection), el('code', {}, h.id), document.createTextNode(` ${summary(h.summary)}`));
      return li;
    });
    $('hits').replaceChildren(...(hits.length ? hits : [el('li', { class: 'muted' }, 'no match')]));
  } catch (error) {
    $('hits').replaceChildren(el('li', { class: 'error' }, error.message));
  }
}

const summary = (s) => Object.entries(s).filter(([k]) => k !== 'id').map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' · ');

document.addEventListener('DOMContentLoaded', () => {
  $('login').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY, $('key').value.trim());
    void refresh();
  });
  $('search').addEventListener('submit', search);
  $('logout').addEventListener('click', (event) => { event.preventDefault(); showLogin(); });
  if (sessionStorage.getItem(KEY)) void refresh();
  else showLogin();
});
