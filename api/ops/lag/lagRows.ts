// The lag report as table rows for people (the `sluice lag` command): one line per lag row with its status, its main
// lag figure, its throughput and a short detail (the column is headed `stage`, as the JSON calls the rows). Pure: the command decides how to draw them.
import { LAG_ROWS, type LagReport, type LagRowName, type LagRowReport, type Throughput } from './lagReport.js';

export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '-';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  for (; Math.abs(v) >= 1024 && i < units.length - 1; i++) v /= 1024;
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

export const count = (n: number | null | undefined): string => (n === null || n === undefined ? '-' : Math.round(n).toLocaleString('en-US'));

export const ms = (n: number | null | undefined): string =>
  n === null || n === undefined ? '-' : n >= 10_000 ? `${Math.round(n / 1000)} s` : n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`;

export function rate(t: Throughput): string {
  if (t.value === null) return '-';
  if (t.unit === 'B/s') return `${bytes(t.value)}/s`;
  return `${t.value >= 10 ? Math.round(t.value) : t.value.toFixed(1)} ${t.unit}`;
}

type Cells = [lag: string, detail: string];

const behind = (asOf: string | null, now: string): string => (asOf ? `, searchable to ${ms(Date.parse(now) - Date.parse(asOf))} ago` : '');
type Describe = { [K in LagRowName]: (figures: NonNullable<LagReport['stages'][K]['figures']>, now: string) => Cells };

const describe: Describe = {
  slot: (s) => [`${bytes(s.lagBytes)} behind`, `retains ${bytes(s.retainedWalBytes)}, ${s.active ? 'active' : 'INACTIVE'}, wal ${s.walStatus ?? '-'}, safe ${bytes(s.safeWalSizeBytes)}`],
  connector: (c) => [c.state, `${c.tasks.filter((t) => t.state === 'RUNNING').length}/${c.tasks.length} tasks running`],
  kafka: (g) => [`${count(g.lag)} records`, `group ${g.groupId} ${g.state}, ${g.members} member(s)`],
  dirty: (d) => [`${count(d.group.lag)} keys`, d.backlog.map((b) => `${b.projection} ${count(b.backlog)}`).join(', ')],
  events: (list) => [`${count(list.reduce((a, g) => a + g.lag, 0))} records`, list.map((g) => `group ${g.groupId} ${g.state}, ${g.members} member(s), ${count(g.lag)} behind`).join('; ') || 'none registered'],
  routing: (r) => [
    `p99 ${count(r.amplification.p99)} docs/change`,
    `p50 ${count(r.amplification.p50)}, max <= ${count(r.amplification.max)}; ${count(r.routed)} routed, ${count(r.skipped)} skipped (unread columns)` +
      (r.tables.some((t) => !t.beforeImages) ? `; no before images: ${r.tables.filter((t) => !t.beforeImages).map((t) => t.fix).join(' ')}` : '; before images on every table'),
  ],
  elasticsearch: (list, now) => [
    `${count(list.reduce((a, i) => a + i.docs, 0))} docs`,
    list.map((i) => `${i.projection}${i.frozen ? ' FROZEN' : ''} ${i.index ? `${count(i.docs)} (${bytes(i.storeBytes)}${behind(i.searchableAsOf, now)})` : 'missing'}`).join(', '),
  ],
  freshness: (f) => [`p99 ${ms(f.p99Ms)}`, `p50 ${ms(f.p50Ms)}, max <= ${ms(f.maxMs)}, ${count(f.observations)} docs ${f.windowMs ? `in ${ms(f.windowMs)}` : 'since projector start'}`],
  deadLetters: (d) => [`${count(d.count)} records`, d.exists ? d.topic : `${d.topic} (not created yet)`],
};

const LABELS: Record<LagRowName, string> = {
  slot: 'Postgres slot',
  connector: 'Debezium connector',
  kafka: 'Kafka (resolve)',
  dirty: 'Dirty keys (hydrate)',
  events: 'Events (event-built)',
  routing: 'Routing (fan-out)',
  elasticsearch: 'Elasticsearch',
  freshness: 'End to end',
  deadLetters: 'Dead letters',
};

const clip = (text: string, max = 90): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function cellsOf<K extends LagRowName>(name: K, row: LagRowReport<unknown>, now: string): Cells {
  if (row.figures === null) return ['unavailable', clip(row.unavailable ?? row.reasons.join('; '))];
  return (describe[name] as (f: unknown, now: string) => Cells)(row.figures, now);
}

export const LAG_HEAD = ['stage', 'status', 'lag', 'throughput', 'detail'];

export function lagRows(report: LagReport): string[][] {
  return LAG_ROWS.map((name) => {
    const row = report.stages[name] as LagRowReport<unknown>;
    const [lag, detail] = cellsOf(name, row, report.asOf);
    return [LABELS[name], row.status, lag, rate(row.throughput), detail];
  });
}

/** Every reason a lag row is not ok, prefixed by its name. */
export const lagReasons = (report: LagReport): string[] =>
  LAG_ROWS.flatMap((name) => (report.stages[name].figures === null ? [] : report.stages[name].reasons.map((r) => `${name}: ${r}`)));

export const BUDGET_HEAD = ['commit to the end of', 'p50', 'p99', 'changes'];

const BUDGET_LABELS: Record<string, string> = {
  captured: 'captured (appended to Kafka)',
  resolved: 'resolved (dirty marks in Kafka)',
  hydrated: 'hydrated (snapshot taken)',
  indexed: 'indexed (acknowledged by Elasticsearch)',
  searchable: 'searchable (a refresh covered it)',
};

/** Where the time goes over the freshness window: commit to the end of each stage, p50 and p99. */
export const budgetRows = (report: LagReport): string[][] =>
  (report.stages.freshness.figures?.budget ?? []).map((b) => [BUDGET_LABELS[b.stage] ?? b.stage, ms(b.p50Ms), ms(b.p99Ms), count(b.observations)]);

/** Consumer lag per group, topic and partition (only partitions that exist). */
export function partitionRows(report: LagReport): string[][] {
  const groups = [report.stages.kafka.figures, report.stages.dirty.figures?.group, ...(report.stages.events.figures ?? [])].filter((g) => g !== null && g !== undefined);
  return groups.flatMap((g) => g.topics.flatMap((t) => t.partitions.map((p) => [g.groupId, t.topic, String(p.partition), p.committed === null ? '-' : count(p.committed), count(p.end), count(p.lag)])));
}
