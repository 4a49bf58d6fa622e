// Prometheus metrics of the projector. Stages receive this object; only main.ts decides where it is served.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { briefly, frozenReason, unfreezeCommand, type Freeze } from '../model/frozen.js';

export interface ProjectorMetrics {
  registry: Registry;
  eventsConsumed: Counter<'topic' | 'kind'>;
  dirtyProduced: Counter<'projection'>;
  changesRouted: Counter<'projection' | 'table' | 'outcome' | 'reason'>;
  documentsPerChange: Histogram<'table'>;
  beforeImages: Gauge<'table' | 'identity'>;
  documentsWritten: Counter<'projection' | 'action'>;
  conflicts: Counter<'projection'>;
  retries: Counter<'projection'>;
  /** Every bulk item answered, by outcome (sent, written, conflict, retry, dead) and HTTP status: sent = the rest;
   * items of a request refused as a whole (or failed) are request-retry, outside that sum. */
  bulkItems: Counter<'projection' | 'outcome' | 'status'>;
  deadLettered: Counter<'stage' | 'reason'>;
  batchSeconds: Histogram<'stage'>;
  commitToIndexedSeconds: Histogram<'projection'>;
  visibilityWaits: Counter<'projection'>;
  /** Checks before a summary refresh that found a causing commit not yet visible (adapters/postgres/summaries.ts). */
  summaryVisibilityWaits: Counter;
  alreadyCovered: Counter<'projection'>;
  /** Source commit to each freshness milestone (captured, resolved, hydrated, indexed, searchable); the series
   * keep their name and label `stage`, which dashboards and the ops service read. */
  milestoneSeconds: Histogram<'stage'>;
  projectionFrozen: Gauge<'projection'>;
  projectionFrozenInfo: Gauge<'projection' | 'index' | 'difference' | 'declared'>;
}

/** The metric the ops service reads to report a frozen projection (api/ops/adapters/metrics/metricsScrape.ts). */
export const PROJECTION_FROZEN = 'sluice_projector_projection_frozen';
/** Why it is frozen, as labels of a series that exists only while it is (an info metric: the value is always 1). */
export const PROJECTION_FROZEN_INFO = 'sluice_projector_projection_frozen_info';

export function createMetrics(registry = new Registry(), opts: { defaults?: boolean } = {}): ProjectorMetrics {
  if (opts.defaults) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const seconds = [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
  return {
    registry,
    eventsConsumed: new Counter({ name: 'sluice_projector_events_consumed_total', help: 'CDC records consumed', labelNames: ['topic', 'kind'], registers }),
    dirtyProduced: new Counter({ name: 'sluice_projector_dirty_produced_total', help: 'Dirty marks produced', labelNames: ['projection'], registers }),
    changesRouted: new Counter({
      name: 'sluice_projector_changes_routed_total',
      help: 'Row changes per projection dependency: routed (outcome=routed) or skipped because no column the projection reads changed',
      labelNames: ['projection', 'table', 'outcome', 'reason'],
      registers,
    }),
    documentsPerChange: new Histogram({
      name: 'sluice_projector_documents_per_change',
      help: 'Documents one source row change dirtied across all projections (amplification)',
      labelNames: ['table'],
      buckets: [0, 1, 2, 3, 5, 10, 20, 50, 100, 1_000, 10_000, 100_000],
      registers,
    }),
    beforeImages: new Gauge({
      name: 'sluice_projector_table_before_images',
      help: '1 when updates of a table the projections read carry before images (REPLICA IDENTITY FULL), else 0: every update then fans out',
      labelNames: ['table', 'identity'],
      registers,
    }),
    documentsWritten: new Counter({ name: 'sluice_projector_documents_written_total', help: 'Bulk items acknowledged', labelNames: ['projection', 'action'], registers }),
    conflicts: new Counter({ name: 'sluice_projector_version_conflicts_total', help: 'Benign 409s: an equal or newer version was there', labelNames: ['projection'], registers }),
    retries: new Counter({ name: 'sluice_projector_bulk_retries_total', help: 'Items retried after 429/5xx or a failed request', labelNames: ['projection'], registers }),
    bulkItems: new Counter({
      name: 'sluice_projector_bulk_items_total',
      help: 'Bulk items answered by Elasticsearch: outcome=sent for each, then written, conflict, retry (429, 5xx) or dead (dead-lettered) with the item status; sent equals the sum of those; request-retry counts the items of a bulk request refused as a whole (its status, e.g. 429) or failed (no status)',
      labelNames: ['projection', 'outcome', 'status'],
      registers,
    }),
    deadLettered: new Counter({ name: 'sluice_projector_dead_lettered_total', help: 'Records parked in the dead-letter topic', labelNames: ['stage', 'reason'], registers }),
    batchSeconds: new Histogram({ name: 'sluice_projector_batch_seconds', help: 'Batch processing latency', labelNames: ['stage'], buckets: seconds, registers }),
    commitToIndexedSeconds: new Histogram({ name: 'sluice_projector_commit_to_indexed_seconds', help: 'Source commit to Elasticsearch acknowledgement', labelNames: ['projection'], buckets: seconds, registers }),
    milestoneSeconds: new Histogram({
      name: 'sluice_projector_stage_seconds',
      help: 'Seconds from the source commit to the end of each stage: captured (appended to Kafka), resolved (dirty marks acknowledged), hydrated (snapshot taken), indexed (acknowledged by Elasticsearch), searchable (a refresh covered it)',
      labelNames: ['stage'],
      buckets: [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30, 60],
      registers,
    }),
    alreadyCovered: new Counter({
      name: 'sluice_projector_marks_already_covered_total',
      help: 'Dirty ids not re-rendered because the last write of the document already saw every causing transaction',
      labelNames: ['projection'],
      registers,
    }),
    // Frozen: the index behind the alias has another mapping than the code, so nothing is written to it
    // (hydrate/targets.ts) until `sluice rebuild`. The process stays ready: the other projections are served.
    projectionFrozen: new Gauge({
      name: PROJECTION_FROZEN,
      help: '1 while a projection is frozen: its live index mapping differs from the declaration and is not written until `sluice rebuild <projection>`',
      labelNames: ['projection'],
      registers,
    }),
    projectionFrozenInfo: new Gauge({
      name: PROJECTION_FROZEN_INFO,
      help: 'Present while a projection is frozen: the live index not written, how its mapping differs from the declaration, and the version the declaration states',
      labelNames: ['projection', 'index', 'difference', 'declared'],
      registers,
    }),
    visibilityWaits: new Counter({ name: 'sluice_projector_visibility_waits_total', help: 'Snapshots retaken because a causing commit was not visible yet', labelNames: ['projection'], registers }),
    summaryVisibilityWaits: new Counter({ name: 'sluice_projector_summary_visibility_waits_total', help: 'Summary refreshes held back because a causing commit was not visible yet', registers }),
  };
}

/**
 * The frozen state of every projection, kept where /ready reads it and mirrored in the two gauges the ops service
 * scrapes. Set at start-up and by every hydrate round; the info series follows the index and difference, so a
 * stale one never outlives the state it describes.
 */
export interface FrozenState {
  set(projection: string, frozen: { index: string; difference: string; declared?: number } | undefined): void;
  /** The frozen projections now, by name. */
  list(): Freeze[];
}

const infoLabels = (f: Freeze) => ({ projection: f.projection, index: f.index, difference: f.difference, ...(f.declared !== undefined ? { declared: String(f.declared) } : {}) });

export function createFrozenState(metrics: Pick<ProjectorMetrics, 'projectionFrozen' | 'projectionFrozenInfo'>): FrozenState {
  const current = new Map<string, Freeze>();
  return {
    set(projection, frozen) {
      metrics.projectionFrozen.set({ projection }, frozen ? 1 : 0);
      const before = current.get(projection);
      const now: Freeze | undefined = frozen
        ? { projection, index: frozen.index, difference: briefly(frozen.difference), ...(frozen.declared !== undefined ? { declared: frozen.declared } : {}) }
        : undefined;
      if (before && (before.index !== now?.index || before.difference !== now.difference || before.declared !== now.declared)) metrics.projectionFrozenInfo.remove(infoLabels(before));
      if (now) {
        metrics.projectionFrozenInfo.set(infoLabels(now), 1);
        current.set(projection, now);
      } else current.delete(projection);
    },
    list: () => [...current.values()].sort((a, b) => a.projection.localeCompare(b.projection)),
  };
}

/**
 * What /ready answers: 503 while starting; 200 once started, naming each frozen projection with why and the command
 * that unfreezes it. A frozen projection does not make the process unready: the other projections are served, and a
 * restart would not help.
 */
export function readyAnswer(started: boolean, frozen: readonly Freeze[]): { status: number; body: Record<string, unknown> } {
  if (!started) return { status: 503, body: { status: 'starting' } };
  if (frozen.length === 0) return { status: 200, body: { status: 'ready' } };
  return {
    status: 200,
    body: { status: 'ready', frozen: frozen.map((f) => ({ ...f, command: unfreezeCommand(f.projection, f), reason: frozenReason(f.projection, f) })) },
  };
}

/** The projections whose frozen gauge is 1 now, by name. */
export async function frozenProjections(metrics: Pick<ProjectorMetrics, 'projectionFrozen'>): Promise<string[]> {
  const { values } = await metrics.projectionFrozen.get();
  return values.filter((v) => v.value === 1).map((v) => String(v.labels.projection)).sort();
}
