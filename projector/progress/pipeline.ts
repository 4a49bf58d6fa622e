// The pure part of the progress tracker: cycles moving through the stages, and "has a consumer group caught up
// with these watermarks". See tracker.ts for why each stage's condition implies the next one's.
import type { PgSnapshot } from '../../lib/visibility.js';
import type { Offsets, Watermarks } from './ports.js';

export type Stage = 'connect' | 'resolve' | 'hydrate';

export interface Cycle {
  seq: number;
  snapshot: PgSnapshot;
  lsn: bigint;
  lsnText: string;
  asOfMs: number;
  stage: Stage;
  /** CDC watermarks read once the connector had committed past `lsn`. */
  cdcTargets?: Watermarks;
  /** Dirty-topic watermarks read once resolve had consumed `cdcTargets`. */
  dirtyTargets?: Watermarks;
}

/**
 * True when the group has committed at least the high watermark of every partition. A partition holding nothing
 * (high <= low, e.g. never written or emptied by retention) has nothing to consume, committed or not.
 */
export function caughtUp(targets: Watermarks, committed: Offsets): boolean {
  for (const [topic, partitions] of targets.high) {
    for (const [partition, high] of partitions) {
      const low = targets.low.get(topic)?.get(partition) ?? 0n;
      if (high <= low) continue;
      const done = committed.get(topic)?.get(partition);
      if (done === undefined || done < high) return false;
    }
  }
  return true;
}

/** The newest cycle, among those given, whose dirty targets the hydrate group has reached for these topics. */
export function newestHydrated(cycles: readonly Cycle[], committed: Offsets, topics: readonly string[]): Cycle | undefined {
  const only = (w: Watermarks): Watermarks => ({
    high: new Map([...w.high].filter(([t]) => topics.includes(t))),
    low: new Map([...w.low].filter(([t]) => topics.includes(t))),
  });
  let newest: Cycle | undefined;
  for (const cycle of cycles) {
    if (cycle.stage !== 'hydrate' || !cycle.dirtyTargets) continue;
    if (caughtUp(only(cycle.dirtyTargets), committed) && (!newest || cycle.seq > newest.seq)) newest = cycle;
  }
  return newest;
}
