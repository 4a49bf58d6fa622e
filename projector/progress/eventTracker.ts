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

  async function intake(): Promise<void> {
    if (cycles.length >= (deps.maxCycles ?? 256)) return;
    const asOfMs = now();
    const taken = await sources.takeSnapshot();
    cycles.push({ seq: ++seq, ...taken, asOfMs });
  }

  async function step(): Promise<void> {
    const lsn = await sources.connectorCommittedLsn();
    const flushed = cycles.filter((c) => !c.targets && lsn !== null && lsn >= c.lsn);
    if (flushed.length > 0) {
      const targets = await sources.watermarks(topics);
      for (const c of flushed) c.targets = targets;
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
    }
    const oldest = Math.min(...published.values());
    cycles = cycles.filter((c) => c.seq > oldest);
  }

  // Two loops, as in tracker.ts: intake takes a snapshot every interval whatever the rest does, so a write waits at
  // most one interval for the cycle that covers it, however slow a round of offsets and publishing is.
  let running = false;
  const loops: Array<{ current: Promise<void>; timer: NodeJS.Timeout | undefined }> = [];
  function loop(work: () => Promise<void>, what: string): void {
    const state = { current: Promise.resolve(), timer: undefined as NodeJS.Timeout | undefined };
    loops.push(state);
    const run = async (): Promise<void> => {
      const began = now();
      try {
        await work();
      } catch (error) {
        deps.logger?.warn({ err: error }, `event-built progress ${what} failed; retrying on the next tick`);
      }
      if (running) state.timer = setTimeout(() => void (state.current = run()), Math.max(0, (deps.intervalMs ?? 100) - (now() - began)));
    };
    state.current = run();
  }

  return {
    start() {
      if (running || models.length === 0) return;
      running = true;
      loop(intake, 'intake');
      loop(step, 'cycle');
    },
    async stop() {
      running = false;
      for (const l of loops) clearTimeout(l.timer);
      await Promise.all(loops.map((l) => l.current));
      loops.length = 0;
    },
  };
}
