// The progress tracker: publishes, per projection, the newest Postgres snapshot F whose every visible transaction
// is searchable in Elasticsearch. The query API answers read-your-writes from it (docs/design.md decision 6).
//
// Why it is sound. A cycle takes F = pg_current_snapshot() and L = pg_current_wal_insert_lsn() in one statement.
//  1. A transaction becomes visible to other snapshots only after its commit record is in the WAL, so every
//     transaction visible in F has its commit record wholly before L.
//  2. Wait until the connector's committed source offset has lsn_commit >= L. pgoutput emits transactions in
//     commit-LSN order, and Kafka Connect commits a source offset only once that record and every record before
//     it were acknowledged by Kafka; so every change of every transaction visible in F is in a CDC topic. Each
//     transaction's END record (provide.transaction.metadata) carries its commit, so lsn_commit reaches L as soon
//     as the last commit before L is flushed; the heartbeat moves it past WAL no captured transaction wrote.
//  3. Only then read the CDC topics' high watermarks (they include those changes) and wait until the resolve
//     group has committed offsets >= them. Resolve commits only after Kafka acknowledged the dirty marks it
//     produced, so every document those transactions dirtied has a mark in `<dirtyPrefix>.<projection>`.
//  4. Only then read the dirty topics' high watermarks and wait until the hydrate group has committed >= them.
//     Hydrate commits only after Elasticsearch acknowledged every item, each built from a snapshot that sees the
//     causing transactions (snapshotReader.ts); a version conflict means a newer snapshot's document won.
//  5. Refresh the alias (acknowledged is not yet searchable), then publish F for that projection.
// Limits: a dead-lettered change is not reflected although its offset moved on (its count is an alert). Cycles are
// pipelined, each advancing as far as the observations allow; the newest completed one is published per projection.
import type { Logger } from '../../lib/logger.js';
import { toText } from '../../lib/visibility.js';
import { caughtUp, newestHydrated, type Cycle } from './pipeline.js';
import { createCadence, type Cadence } from './cadence.js';
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
  /** Longest pause while nothing moves, and the oldest an idle stack's published asOf grows (default 1 s; cadence.ts). */
  idleMs?: number;
  /** Cycles in flight at most; while the pipeline is stuck no new ones start (default 256: about 13 s of 50 ms snapshots). */
  maxCycles?: number;
  now?: () => number;
  logger?: Logger;
}

export interface ProgressTracker {
  start(): void;
  /** A change record arrived or a connector committed: look now instead of after the idle pause. */
  wake(): void;
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
  const idleMs = deps.idleMs ?? 1_000;
  let taken: { text: string; asOfMs: number } = { text: '', asOfMs: -Infinity };

  // True when the snapshot moved. An unchanged snapshot (no transaction assigned an id or ended since) covers exactly
  // what the last cycle covers, so no cycle is needed, except one every idleMs to keep the published asOf recent.
  async function intake(): Promise<boolean> {
    if (cycles.length >= (deps.maxCycles ?? 256)) return true;
    const asOfMs = now();
    const next = await sources.takeSnapshot();
    const text = JSON.stringify(toText(next.snapshot));
    const moved = text !== taken.text;
    if (!moved && asOfMs - taken.asOfMs < idleMs) return false;
    taken = { text, asOfMs };
    cycles.push({ seq: ++seq, snapshot: next.snapshot, lsn: next.lsn, lsnText: next.lsnText, asOfMs, stage: 'connect' });
    cycle?.wake();
    return moved;
  }

  // True when a cycle passed a stage. Each source is asked only while a cycle waits on it: an idle tracker asks none.
  async function advance(): Promise<boolean> {
    const waiting = cycles.filter((c) => c.stage === 'connect');
    const lsn = waiting.length > 0 ? await sources.connectorCommittedLsn() : null;
    const flushed = waiting.filter((c) => lsn !== null && lsn >= c.lsn);
    if (flushed.length > 0) {
      const cdcTargets = await sources.watermarks(deps.cdcTopics);
      for (const c of flushed) Object.assign(c, { stage: 'resolve', cdcTargets });
    }
    const resolving = cycles.filter((c) => c.stage === 'resolve');
    if (resolving.length === 0) return flushed.length > 0;
    const committed = await sources.committed(deps.resolveGroup, deps.cdcTopics);
    const resolved = resolving.filter((c) => caughtUp(c.cdcTargets!, committed));
    if (resolved.length === 0) return flushed.length > 0;
    const dirtyTargets = await sources.watermarks(dirtyTopics);
    for (const c of resolved) Object.assign(c, { stage: 'hydrate', dirtyTargets });
    return true;
  }

  // Each projection publishes on its own, beside the loops. Once the hydrate group has passed a cycle, its snapshot is
  // published as `indexed` (a realtime get by id sees it); after the projector's next refresh of the alias, as the
  // searchable one. Nothing else waits for that refresh. A publish starts for every newly hydrated cycle, even while an
  // older one waits: both are served by the same next refresh. Written in order; neither snapshot ever goes back.
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
  // Per projection, the hydrate group's committed offsets as read before the last refresh that returned. While they
  // have not moved, nothing was acknowledged that it did not cover (by any instance): no refresh is needed.
  const refreshedAt = new Map<string, string>();

  async function publishOne(p: TrackedProjection, cycle: Cycle, offsets: string): Promise<void> {
    await write(p, cycle, false);
    if (refreshedAt.get(p.name) !== offsets) {
      await sources.refresh(p.alias);
      refreshedAt.set(p.name, offsets);
    }
    await write(p, cycle, true);
  }

  async function publish(): Promise<boolean> {
    if (!cycles.some((c) => c.stage === 'hydrate')) return false;
    let moved = false;
    const committed = await sources.committed(deps.hydrateGroup, dirtyTopics);
    for (const p of projections) {
      const cycle = newestHydrated(cycles.filter((c) => c.seq > (started.get(p.name) ?? 0)), committed, [p.dirtyTopic]);
      if (!cycle) continue;
      started.set(p.name, cycle.seq);
      moved = true;
      const offsets = JSON.stringify([...(committed.get(p.dirtyTopic) ?? new Map<number, bigint>())].map(([k, v]) => [k, String(v)]));
      const run: Promise<void> = publishOne(p, cycle, offsets)
        .catch((error: unknown) => deps.logger?.warn({ err: error, projection: p.name }, 'progress publish failed; a newer cycle follows'))
        .finally(() => publishing.delete(run));
      publishing.add(run);
    }
    const oldest = Math.min(...published.values());
    cycles = cycles.filter((c) => c.seq > oldest);
    return moved;
  }

  // Two loops (cadence.ts), so a slow read does not stretch the cadence of snapshots: intake, and advance-and-publish
  // (at most once per poll). Both slow down while nothing moves; wake() and a new cycle speed them up.
  let running = false;
  let snapshots: Cadence | undefined;
  let cycle: Cadence | undefined;
  const warn = (what: string) => (error: unknown) => deps.logger?.warn({ err: error }, `progress ${what} failed; retrying`);

  return {
    start() {
      if (running) return;
      running = true;
      const intervalMs = deps.intervalMs ?? 100;
      snapshots = createCadence(intake, { fastMs: intervalMs, idleMs, now, onError: warn('intake') });
      cycle = createCadence(async () => [await advance(), await publish()].includes(true), { fastMs: deps.pollMs ?? intervalMs, idleMs, now, onError: warn('cycle') });
      cycle.start();
      snapshots.start();
    },
    wake() {
      snapshots?.wake();
      cycle?.wake();
    },
    async stop() {
      running = false;
      await Promise.all([snapshots?.stop(), cycle?.stop()]);
      await Promise.all(publishing);
    },
  };
}
