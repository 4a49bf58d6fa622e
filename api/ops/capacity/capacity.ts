// Capacity per projection, as a read side is sized: how big its index is next to the Postgres rows it is built
// from, how long a rebuild of it would take at the last measured rate, and how fast the projector catches up when
// behind. Pure: the figures arrive from the adapters (capacityCollect.ts), the rows go to JSON, the console and
// `sluice capacity`.
import type { RebuildMeasurement } from '../../../model/adapters/elasticsearch/capacityStore.js';
import type { Probe } from '../probe.js';
import type { ChartPoint } from '../lag/statusChanges.js';

export interface IndexSize {
  /** The concrete index behind the alias; null when the alias does not exist. */
  index: string | null;
  /** Top-level documents (the count API: _stats counts nested line items as documents of their own). */
  docs: number;
  /** Primary shards only: the size one copy of the data takes, whatever the replica count. */
  primaryBytes: number;
  /** Primaries and replicas: what the cluster stores. */
  totalBytes: number;
}

export interface TableSize {
  table: string;
  /** pg_total_relation_size: heap, indexes and TOAST; null when the table does not exist. */
  bytes: number | null;
}

export interface ProjectionFigures {
  projection: string;
  alias: string;
  index: Probe<IndexSize>;
  postgres: Probe<TableSize[]>;
  lastRebuild: Probe<RebuildMeasurement | null>;
}

export interface RebuildEstimate {
  /** The last measured rebuild, or null with `note` saying why there is no estimate. */
  measured: RebuildMeasurement | null;
  /** Today's documents at the measured rate; null without a usable measurement. */
  expectedSeconds: number | null;
  note: string;
}

export interface ProjectionCapacity {
  projection: string;
  alias: string;
  index: string | null;
  docs: number | null;
  primaryBytes: number | null;
  totalBytes: number | null;
  bytesPerDoc: number | null;
  postgresBytes: number | null;
  postgresTables: TableSize[];
  rebuild: RebuildEstimate;
  /** What could not be measured, in words. */
  unavailable: string[];
}

export interface CatchUp {
  /** Documents written per second, the highest the ops service saw while the projector was behind; null when it saw none. */
  docsPerSecond: number | null;
  /** CDC records consumed per second at that moment. */
  recordsPerSecond: number | null;
  observedAt: string | null;
  /** Records and dirty keys behind at that moment. */
  behind: number | null;
  source: string;
}

export interface CapacityReport {
  asOf: string;
  projections: ProjectionCapacity[];
  catchUp: CatchUp;
}

const valueOf = <T>(p: Probe<T>): T | undefined => (p.state === 'ok' ? p.value : undefined);
const reasonOf = <T>(p: Probe<T>, what: string): string[] => (p.state === 'unavailable' ? [`${what}: ${p.reason}`] : []);

export function rebuildEstimate(docs: number | null, last: Probe<RebuildMeasurement | null>): RebuildEstimate {
  if (last.state === 'unavailable') return { measured: null, expectedSeconds: null, note: `last rebuild unknown: ${last.reason}` };
  const m = last.value;
  if (!m) return { measured: null, expectedSeconds: null, note: 'no rebuild measured yet' };
  const from = `${Math.round(m.docsPerSecond).toLocaleString('en-US')} docs/s measured by the rebuild of ${m.docs.toLocaleString('en-US')} docs at ${m.at}`;
  // An empty rebuild measures no rate: dividing by it would promise an instant (or infinite) rebuild.
  if (!(m.docsPerSecond > 0)) return { measured: m, expectedSeconds: null, note: `the last rebuild (${m.at}) loaded no documents: no rate measured yet` };
  if (docs === null) return { measured: m, expectedSeconds: null, note: `${from}; today's document count unknown` };
  return { measured: m, expectedSeconds: docs / m.docsPerSecond, note: from };
}

export function projectionCapacity(f: ProjectionFigures): ProjectionCapacity {
  const size = valueOf(f.index);
  const tables = valueOf(f.postgres) ?? [];
  const docs = size ? size.docs : null;
  const known = tables.filter((t): t is { table: string; bytes: number } => t.bytes !== null);
  return {
    projection: f.projection,
    alias: f.alias,
    index: size?.index ?? null,
    docs,
    primaryBytes: size ? size.primaryBytes : null,
    totalBytes: size ? size.totalBytes : null,
    bytesPerDoc: size && size.docs > 0 ? size.primaryBytes / size.docs : null,
    postgresBytes: f.postgres.state === 'ok' ? known.reduce((a, t) => a + t.bytes, 0) : null,
    postgresTables: tables,
    rebuild: rebuildEstimate(docs, f.lastRebuild),
    unavailable: [
      ...reasonOf(f.index, 'Elasticsearch'),
      ...reasonOf(f.postgres, 'Postgres'),
      ...tables.filter((t) => t.bytes === null).map((t) => `Postgres: table ${t.table} not found`),
    ],
  };
}

/**
 * The catch-up rate from the ops service's own history: while records or dirty keys are waiting, the projector
 * writes as fast as it can, so the highest rate seen then is its measured replay throughput. When it was never
 * behind, the rates seen are only the incoming load, and no figure is given.
 */
export function catchUpFrom(points: readonly ChartPoint[], windowLabel: string): CatchUp {
  let best: ChartPoint | undefined;
  for (const p of points) {
    const behind = (p.resolveLag ?? 0) + (p.dirtyBacklog ?? 0);
    const rate = p.throughput.elasticsearch;
    if (behind > 0 && rate !== null && rate > 0 && (!best || rate > (best.throughput.elasticsearch ?? 0))) best = p;
  }
  if (!best) {
    return { docsPerSecond: null, recordsPerSecond: null, observedAt: null, behind: null, source: `not measured: the projector was not behind in the ops service's history (${windowLabel}); docs/operations.md gives the benchmark figures` };
  }
  return {
    docsPerSecond: best.throughput.elasticsearch,
    recordsPerSecond: best.throughput.kafka,
    observedAt: best.at,
    behind: (best.resolveLag ?? 0) + (best.dirtyBacklog ?? 0),
    source: `highest Elasticsearch write rate while behind, all projections together, in the ops service's history (${windowLabel})`,
  };
}

export function buildCapacityReport(at: number, figures: readonly ProjectionFigures[], points: readonly ChartPoint[], windowLabel: string): CapacityReport {
  return { asOf: new Date(at).toISOString(), projections: figures.map(projectionCapacity), catchUp: catchUpFrom(points, windowLabel) };
}
