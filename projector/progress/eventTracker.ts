// The progress of the event-built read models (model/projections/eventDeclaration.ts): per read model, the newest
// Postgres snapshot F whose every visible transaction is folded and searchable, published in the same progress
// document the table-built projections use (model/progress/progressDoc.ts), so the query API's read-your-writes
// works unchanged. The same argument as tracker.ts, over the outbox path:
//  1. A cycle takes F = pg_current_snapshot() and L = pg_current_wal_insert_lsn(); every transaction visible in F
//     has its commit record before L.
//  2. Wait until the outbox connector's committed source offset has lsn_commit >= L: every outbox insert of those
//     transactions is then in an event topic (its heartbeat query commits every second, so an idle system passes L).
//  3. Read the read model's event topics' high watermarks, and wait until its live group has committed offsets
//     >= them: the event stage commits only after Elasticsearch acknowledged every fold of the batch.
//  4. Publish F as `indexed` (a realtime get by id sees it), refresh the alias, publish F as searchable.
// A command that emitted no event on these topics is covered as soon as F is: there was nothing to fold. Limits as
// in tracker.ts: an event parked in the dead-letter topic is not reflected although its offset moved on.
import type { Logger } from '../../lib/logger.js';
import { toText, type PgSnapshot } from '../../lib/visibility.js';
import type { IndexedMark } from '../../model/progress/progressDoc.js';
import { caughtUp } from './pipeline.js';
import type { ProgressSources, Watermarks } from './ports.js';
import type { ProgressTracker } from './tracker.js';
import { createCadence, type Cadence } from './cadence.js';

export interface TrackedEventModel {
  name: string;
  /** The event topics its live group folds. */
  topics: readonly string[];
  group: string;
  /** The alias queries read, refreshed before publishing. */
  alias: string;
}

export interface EventTrackerDeps {
  /** connectorCommittedLsn reads the outbox connector's offset (lib/names.ts OUTBOX_CONNECTOR). */
  sources: ProgressSources;
  models: readonly TrackedEventModel[];
  /** How often a cycle starts and the offsets are checked (default 100 ms). */
  intervalMs?: number;
  /** The longest pause while nothing moves, and the oldest an idle read model's asOf grows (default 1 s; cadence.ts). */
  idleMs?: number;
  /** Cycles in flight at most; while the pipeline is stuck no new ones start (default 256). */
  maxCycles?: number;
  now?: () => number;
  logger?: Logger;
}

interface EventCycle {
  seq: number;
  snapshot: PgSnapshot;
  lsn: bigint;
  lsnText: string;
  asOfMs: number;
  /** The event topics' watermarks read once the outbox connector had committed past `lsn`. */
  targets?: Watermarks;
}

const only = (w: Watermarks, topics: readonly string[]): Watermarks => ({
  high: new Map([...w.high].filter(([t]) => topics.includes(t))),
  low: new Map([...w.low].filter(([t]) => topics.includes(t))),
});

export function createEventProgressTracker(deps: EventTrackerDeps): ProgressTracker {
  const { sources, models } = deps;
  const now = deps.now ?? Date.now;
  const topics = [...new Set(models.flatMap((m) => m.topics))];
  const published = new Map(models.map((m) => [m.name, 0]));
  const refreshedAt = new Map<string, string>();
  let cycles: EventCycle[] = [];
  let seq = 0;

  const markOf = (c: EventCycle): IndexedMark => ({ snapshot: toText(c.snapshot), lsn: c.lsnText, asOf: new Date(c.asOfMs).toISOString() });

  async function publish(m: TrackedEventModel, c: EventCycle, searchable: EventCycle | undefined): Promise<void> {
    const shown = searchable ?? c;
    const at = now();
    await sources.publish({
      projection: m.name, snapshot: toText(shown.snapshot), lsn: shown.lsnText, asOf: new Date(shown.asOfMs).toISOString(),
      lagMs: Math.max(0, at - shown.asOfMs), publishedAt: new Date(at).toISOString(), indexed: markOf(c),
    });
  }

  const last = new Map<string, EventCycle>();

  const idleMs = deps.idleMs ?? 1_000;
  let taken = { text: '', asOfMs: -Infinity };

  // As in tracker.ts: an unchanged snapshot needs no cycle, except one every idleMs to keep asOf recent.
  async function intake(): Promise<boolean> {
    if (cycles.length >= (deps.maxCycles ?? 256)) return true;
    const asOfMs = now();
    const next = await sources.takeSnapshot();
    const text = JSON.stringify(toText(next.snapshot));
    const moved = text !== taken.text;
    if (!moved && asOfMs - taken.asOfMs < idleMs) return false;
    taken = { text, asOfMs };
    cycles.push({ seq: ++seq, ...next, asOfMs });
    cycling?.wake();
    return moved;
  }

  async function step(): Promise<boolean> {
    const waiting = cycles.filter((c) => !c.targets);
    if (cycles.length === 0) return false;
    let moved = false;
    const lsn = waiting.length > 0 ? await sources.connectorCommittedLsn() : null;
    const flushed = waiting.filter((c) => lsn !== null && lsn >= c.lsn);
    if (flushed.length > 0) {
      const targets = await sources.watermarks(topics);
      for (const c of flushed) c.targets = targets;
      moved = true;
    }
    for (const m of models) {
      const committed = await sources.committed(m.group, m.topics);
      const ready = cycles.filter((c) => c.targets && c.seq > (published.get(m.name) ?? 0) && caughtUp(only(c.targets, m.topics), committed));
      const cycle = ready.at(-1);
      if (!cycle || !running) continue;
      // Acknowledged first (a realtime get sees it), then searchable once a refresh covered it; an unchanged set of
      // committed offsets since the last refresh needs none.
      if (last.has(m.name)) await publish(m, cycle, last.get(m.name));
      const offsets = JSON.stringify([...committed].map(([t, ps]) => [t, [...ps].map(([p, o]) => [p, String(o)])]));
      if (refreshedAt.get(m.name) !== offsets) {
        await sources.refresh(m.alias);
        refreshedAt.set(m.name, offsets);
      }
      await publish(m, cycle, cycle);
      last.set(m.name, cycle);
      published.set(m.name, cycle.seq);
      moved = true;
    }
    const oldest = Math.min(...published.values());
    cycles = cycles.filter((c) => c.seq > oldest);
    return moved;
  }

  // Two loops, as in tracker.ts (cadence.ts): fast while something moves, pausing up to idleMs while nothing does.
  let running = false;
  let snapshots: Cadence | undefined;
  let cycling: Cadence | undefined;
  const warn = (what: string) => (error: unknown) => deps.logger?.warn({ err: error }, `event-built progress ${what} failed; retrying`);

  return {
    start() {
      if (running || models.length === 0) return;
      running = true;
      const fastMs = deps.intervalMs ?? 100;
      snapshots = createCadence(intake, { fastMs, idleMs, now, onError: warn('intake') });
      cycling = createCadence(step, { fastMs, idleMs, now, onError: warn('cycle') });
      cycling.start();
      snapshots.start();
    },
    wake() {
      snapshots?.wake();
      cycling?.wake();
    },
    async stop() {
      running = false;
      await Promise.all([snapshots?.stop(), cycling?.stop()]);
    },
  };
}
