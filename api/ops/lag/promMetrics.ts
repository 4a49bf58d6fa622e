// The report as Prometheus gauges (a lag row is labelled `stage`, as the JSON names the rows), set from the newest report at scrape time, so /metrics and /ops/lag always
// agree. Status is 0 ok, 1 degraded, 2 failing, for alert rules such as `sluice_ops_stage_status > 0`.
import { Gauge, type Registry } from 'prom-client';
import { LAG_ROWS, type Health, type LagReport } from './lagReport.js';

const level: Record<Health, number> = { ok: 0, degraded: 1, failing: 2 };

type Setter = (report: LagReport, gauge: Gauge<string>) => void;

const definitions: [string, string, string[], Setter][] = [
  ['sluice_ops_status', 'Overall status (0 ok, 1 degraded, 2 failing)', [], (r, g) => g.set(level[r.status])],
  ['sluice_ops_stage_status', 'Stage status (0 ok, 1 degraded, 2 failing)', ['stage'], (r, g) => LAG_ROWS.forEach((row) => g.set({ stage: row }, level[r.stages[row].status]))],
  ['sluice_ops_stage_throughput_per_second', 'Stage throughput (unit per stage: B/s, rec/s, keys/s, docs/s)', ['stage'], (r, g) =>
    LAG_ROWS.forEach((row) => { const v = r.stages[row].throughput.value; if (v !== null) g.set({ stage: row }, v); })],
  ['sluice_ops_slot_lag_bytes', 'WAL not yet confirmed by Debezium', [], (r, g) => setIf(g, r.stages.slot.figures?.lagBytes)],
  ['sluice_ops_slot_retained_wal_bytes', 'WAL retained by the replication slot (from restart_lsn)', [], (r, g) => setIf(g, r.stages.slot.figures?.retainedWalBytes)],
  ['sluice_ops_slot_safe_wal_size_bytes', 'Bytes left before the slot loses WAL', [], (r, g) => setIf(g, r.stages.slot.figures?.safeWalSizeBytes)],
  ['sluice_ops_slot_active', '1 when a consumer is attached to the slot', [], (r, g) => setIf(g, r.stages.slot.figures ? Number(r.stages.slot.figures.active ?? 0) : null)],
  ['sluice_ops_connector_running', '1 when the connector and all its tasks are RUNNING', [], (r, g) => g.set(r.stages.connector.status === 'failing' ? 0 : 1)],
  ['sluice_ops_consumer_lag', 'Records behind per group, topic and partition', ['group', 'topic', 'partition'], (r, g) => {
    const groups = [r.stages.kafka.figures, r.stages.dirty.figures?.group].filter((x) => x !== null && x !== undefined);
    for (const group of groups) for (const t of group.topics) for (const p of t.partitions) g.set({ group: group.groupId, topic: t.topic, partition: String(p.partition) }, p.lag);
  }],
  ['sluice_ops_dirty_backlog', 'Dirty keys waiting for hydration per projection', ['projection'], (r, g) =>
    r.stages.dirty.figures?.backlog.forEach((b) => g.set({ projection: b.projection }, b.backlog))],
  ['sluice_ops_freshness_seconds', 'Commit to indexed over the window (p50, p99, max bucket bound)', ['quantile'], (r, g) => {
    const f = r.stages.freshness.figures;
    const pairs: [string, number | null | undefined][] = [['0.5', f?.p50Ms], ['0.99', f?.p99Ms], ['max', f?.maxMs]];
    for (const [quantile, ms] of pairs) if (ms !== null && ms !== undefined) g.set({ quantile }, ms / 1000);
  }],
  ['sluice_ops_index_documents', 'Documents per projection alias', ['projection'], (r, g) => r.stages.elasticsearch.figures?.forEach((i) => g.set({ projection: i.projection }, i.docs))],
  ['sluice_ops_index_store_bytes', 'Primary store size per projection alias', ['projection'], (r, g) => r.stages.elasticsearch.figures?.forEach((i) => g.set({ projection: i.projection }, i.storeBytes))],
  ['sluice_ops_dead_letters', 'Records in the dead-letter topic', [], (r, g) => setIf(g, r.stages.deadLetters.figures?.count)],
];

function setIf(gauge: Gauge<string>, value: number | null | undefined): void {
  if (value !== null && value !== undefined) gauge.set(value);
}

export function registerOpsGauges(registry: Registry, current: () => Promise<LagReport>): void {
  for (const [name, help, labelNames, set] of definitions) {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        // Reset first: a partition or projection that disappeared must not keep exporting its last value.
        this.reset();
        set(await current(), this);
      },
    });
  }
}
