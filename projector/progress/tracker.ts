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
// then write the document) runs per projection beside the loops, so a slow refresh delays only its own projection.
import type { Logger } from '../../lib/logger.js';
import { toText } from '../../lib/visibility.js';
import { caughtUp, newestHydrated, type Cycle } from './pipeline.js';
import type { ProgressSources } from './ports.js';
import type { IndexedMark } from '../../model/progress/progressDoc.js';

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
  /** How often the connector's and the groups' offsets are checked and publishing considered (default intervalMs). */
  pollMs?: number;
  /** Cycles in flight at most; while the pipeline is stuck no new ones start (default 256: about 13 s of 50 ms snapshots). */
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
    if (cycles.length >= (deps.maxCycles ?? 256)) return;
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

  // Each projection publishes on its own, beside the loops. As soon as the hydrate group has passed a cycle, its
  // snapshot is published as `indexed` (acknowledged: a realtime get by id sees it); after the projector's next
  // refresh of the alias (hundreds of milliseconds under load) it is published as the searchable snapshot. Neither
  // intake, advance nor the other projections wait for that refresh. A publish starts for every newly hydrated
  // cycle, even while an older one still waits: both are then served by the same next refresh, where one after the
  // other the newer would wait for the refresh after that. Documents are written in order, and neither snapshot
  // ever goes back.
  const started = new Map(projections.map((p) => [p.name, 0]));
  const writes = new Map<string, Promise<unknown>>();
  const publishing = new Set<Promise<void>>();
  const last = new Map<string, { searchable?: Cycle; indexed?: Cycle }>();

  const markOf = (c: Cycle): IndexedMark => ({ snapshot: toText(c.snapshot), lsn: c.lsnText, asOf: new Date(c.asOfMs).toISOString() });

  /** Writes the projection's document with `cycle` as its indexed snapshot, and as its searchable one when `searchable`. */
  function write(p: TrackedProjection, cycle: Cycle, searchable: boolean): Promise<void> {
    const done = (writes.get(p.name) ?? Promise.resolve()).then(async () => {
      const prev = last.get(p.name) ?? {};
      const next = {
        searchable: searchable && cycle.seq > (prev.searchable?.seq ?? 0) ? cycle : prev.searchable,
        indexed: cycle.seq > (prev.indexed?.seq ?? 0) ? cycle : prev.indexed,
      };
      // Until this process has a searchable snapshot of its own, the document published before stays as it is.
      const shown = next.searchable;
      if (!running || !shown || (shown === prev.searchable && next.indexed === prev.indexed)) return;
      const at = now();
      await sources.publish({
        projection: p.name, snapshot: toText(shown.snapshot), lsn: shown.lsnText, asOf: new Date(shown.asOfMs).toISOString(),
        lagMs: Math.max(0, at - shown.asOfMs), publishedAt: new Date(at).toISOString(), indexed: markOf(next.indexed ?? shown),
      });
      last.set(p.name, next);
      published.set(p.name, shown.seq);
    });
    writes.set(p.name, done.catch(() => undefined));
    return done;
  }

  // Per projection, the hydrate group's committed offsets of its dirty topic as read before the last refresh that
  // returned. While they have not moved, nothing was acknowledged that this refresh did not cover (by this instance
  // or any other), so a newer cycle is published without another refresh: an idle projection costs none.
  const refreshedAt = new Map<string, string>();

  async function publishOne(p: TrackedProjection, cycle: Cycle, offsets: string): Promise<void> {
    await write(p, cycle, false);
    if (refreshedAt.get(p.name) !== offsets) {
      await sources.refresh(p.alias);
      refreshedAt.set(p.name, offsets);
    }
    await write(p, cycle, true);
  }

  async function publish(): Promise<void> {
    if (!cycles.some((c) => c.stage === 'hydrate')) return;
    const committed = await sources.committed(deps.hydrateGroup, dirtyTopics);
    for (const p of projections) {
      const cycle = newestHydrated(cycles.filter((c) => c.seq > (started.get(p.name) ?? 0)), committed, [p.dirtyTopic]);
      if (!cycle) continue;
      started.set(p.name, cycle.seq);
      const offsets = JSON.stringify([...(committed.get(p.dirtyTopic) ?? new Map<number, bigint>())].map(([k, v]) => [k, String(v)]));
      const run: Promise<void> = publishOne(p, cycle, offsets)
        .catch((error: unknown) => deps.logger?.warn({ err: error, projection: p.name }, 'progress publish failed; a newer cycle follows'))
        .finally(() => publishing.delete(run));
      publishing.add(run);
    }
    const oldest = Math.min(...published.values());
    cycles = cycles.filter((c) => c.seq > oldest);
  }

  // Two loops: intake takes a snapshot every interval whatever the pipeline does, so a write waits at most one
  // interval for the cycle that covers it; advance-and-publish runs again as soon as its reads return (at most
  // once per interval), so a slow read does not stretch the cadence of snapshots.
  let running = false;
  const loops: Array<{ current: Promise<void>; timer: NodeJS.Timeout | undefined }> = [];

  function loop(step: () => Promise<void>, what: string, everyMs: number): void {
    const state = { current: Promise.resolve(), timer: undefined as NodeJS.Timeout | undefined };
    loops.push(state);
    const run = async (): Promise<void> => {
      const began = now();
      try {
        await step();
      } catch (error) {
        deps.logger?.warn({ err: error }, `progress ${what} failed; retrying on the next tick`);
      }
      if (running) state.timer = setTimeout(() => void (state.current = run()), Math.max(0, everyMs - (now() - began)));
    };
    state.current = run();
  }

  return {
    start() {
      if (running) return;
      running = true;
      const intervalMs = deps.intervalMs ?? 100;
      loop(intake, 'intake', intervalMs);
      loop(async () => {
        await advance();
        await publish();
      }, 'cycle', deps.pollMs ?? intervalMs);
    },
    async stop() {
      running = false;
      for (const l of loops) clearTimeout(l.timer);
      await Promise.all(loops.map((l) => l.current));
      await Promise.all(publishing);
      loops.length = 0;
    },
  };
}
