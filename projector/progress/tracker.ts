// The progress tracker: publishes, per projection, the newest Postgres snapshot F whose every visible transaction
// is searchable in Elasticsearch. The query API answers read-your-writes from it (docs/design.md decision 6).
//
// Why it is sound. A cycle takes F = pg_current_snapshot() and L = pg_current_wal_insert_lsn() in one statement.
//  1. A transaction becomes visible to other snapshots only after its commit record is in the WAL, so every
//     transaction visible in F has its commit record wholly before L.
//  2. Wait until the connector's committed source offset has lsn_commit >= L. pgoutput emits transactions in
//     commit-LSN order, and Kafka Connect commits a source offset only once that record and every record before
//     it were acknowledged by Kafka; so every change of every transaction visible in F is in a CDC topic.
//     The heartbeat action query commits every 250 ms, so lsn_commit passes L even when the system is idle.
//  3. Only then read the CDC topics' high watermarks (they include those changes) and wait until the resolve
//     group has committed offsets >= them. Resolve commits only after Kafka acknowledged the dirty marks it
//     produced, so every document those transactions dirtied has a mark in `<dirtyPrefix>.<projection>`.
//  4. Only then read the dirty topics' high watermarks and wait until the hydrate group has committed >= them.
//     Hydrate commits only after Elasticsearch acknowledged every item, each built from a snapshot that sees the
//     causing transactions (snapshotReader.ts); a version conflict means a newer snapshot's document won.
//  5. Refresh the alias (acknowledged is not yet searchable), then publish F for that projection.
// Limits: a change parked in the dead-letter topic is not reflected although its offset moved on; the dead-letter
// count is an alert, not a state this tracker can see. Cycles are pipelined: one starts every interval, each
// advances as far as the latest observations allow, and the newest completed one is published. Publishing (refresh,
// then write the document) runs per projection beside the ticks, so a slow refresh delays only its own projection.
import type { Logger } from '../../lib/logger.js';
import { toText } from '../../lib/visibility.js';
import { caughtUp, newestHydrated, type Cycle } from './pipeline.js';
import type { Offsets, ProgressSources } from './ports.js';

export interface TrackedProjection {
  name: string;
  /** `<dirtyPrefix>.<name>`: the topic the hydrate group consumes for it. */
  dirtyTopic: string;
  /** The alias queries read, refreshed before publishing. */
  alias: string;
}

export interface ProgressTrackerDeps {
  sources: ProgressSources;
  /** Exactly the CDC topics the resolve group subscribes to. */
  cdcTopics: readonly string[];
  resolveGroup: string;
  hydrateGroup: string;
  projections: readonly TrackedProjection[];
  /** How often a cycle starts (default 100 ms). */
  intervalMs?: number;
  /** Cycles in flight at most; while the pipeline is stuck no new ones start (default 64). */
  maxCycles?: number;
  now?: () => number;
  logger?: Logger;
}

export interface ProgressTracker {
  start(): void;
  /** Resolves once the cycle in progress has finished; nothing is published afterwards. */
  stop(): Promise<void>;
}

export function createProgressTracker(deps: ProgressTrackerDeps): ProgressTracker {
  const { sources, projections } = deps;
  const now = deps.now ?? Date.now;
  const dirtyTopics = projections.map((p) => p.dirtyTopic);
  const published = new Map(projections.map((p) => [p.name, 0]));
  let cycles: Cycle[] = [];
  let seq = 0;

  async function intake(): Promise<void> {
    if (cycles.length >= (deps.maxCycles ?? 64)) return;
    const asOfMs = now();
    const taken = await sources.takeSnapshot();
    cycles.push({ seq: ++seq, snapshot: taken.snapshot, lsn: taken.lsn, lsnText: taken.lsnText, asOfMs, stage: 'connect' });
  }

  async function advance(): Promise<void> {
    const lsn = await sources.connectorCommittedLsn();
    const flushed = cycles.filter((c) => c.stage === 'connect' && lsn !== null && lsn >= c.lsn);
    if (flushed.length > 0) {
      const cdcTargets = await sources.watermarks(deps.cdcTopics);
      for (const c of flushed) Object.assign(c, { stage: 'resolve', cdcTargets });
    }
    const resolving = cycles.filter((c) => c.stage === 'resolve');
    if (resolving.length === 0) return;
    const committed = await sources.committed(deps.resolveGroup, deps.cdcTopics);
    const resolved = resolving.filter((c) => caughtUp(c.cdcTargets!, committed));
    if (resolved.length === 0) return;
    const dirtyTargets = await sources.watermarks(dirtyTopics);
    for (const c of resolved) Object.assign(c, { stage: 'hydrate', dirtyTargets });
  }

  // Each projection publishes on its own: a refresh waits for the projector's next refresh of that alias (hundreds of
  // milliseconds under load), and neither the other projections nor the next cycles' intake and advance wait for it.
  const publishing = new Map<string, Promise<void>>();

  async function publishOne(p: TrackedProjection, committed: Offsets): Promise<void> {
    const last = published.get(p.name) ?? 0;
    const cycle = newestHydrated(cycles.filter((c) => c.seq > last), committed, [p.dirtyTopic]);
    if (!cycle) return;
    await sources.refresh(p.alias);
    if (!running) return;
    const at = now();
    await sources.publish({
      projection: p.name, snapshot: toText(cycle.snapshot), lsn: cycle.lsnText,
      asOf: new Date(cycle.asOfMs).toISOString(), lagMs: Math.max(0, at - cycle.asOfMs), publishedAt: new Date(at).toISOString(),
    });
    published.set(p.name, Math.max(published.get(p.name) ?? 0, cycle.seq));
  }

  async function publish(): Promise<void> {
    const idle = projections.filter((p) => !publishing.has(p.name));
    if (idle.length === 0 || !cycles.some((c) => c.stage === 'hydrate')) return;
    const committed = await sources.committed(deps.hydrateGroup, dirtyTopics);
    for (const p of idle) {
      const run = publishOne(p, committed)
        .catch((error: unknown) => deps.logger?.warn({ err: error, projection: p.name }, 'progress publish failed; retrying on the next tick'))
        .finally(() => publishing.delete(p.name));
      publishing.set(p.name, run);
    }
    const oldest = Math.min(...published.values());
    cycles = cycles.filter((c) => c.seq > oldest);
  }

  let running = false;
  let current: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const tick = async (): Promise<void> => {
    const started = now();
    try {
      await intake();
      await advance();
      await publish();
    } catch (error) {
      deps.logger?.warn({ err: error }, 'progress cycle failed; retrying on the next tick');
    }
    if (running) timer = setTimeout(() => void (current = tick()), Math.max(0, (deps.intervalMs ?? 100) - (now() - started)));
  };

  return {
    start() {
      if (running) return;
      running = true;
      current = tick();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      await current;
      await Promise.all(publishing.values());
    },
  };
}
