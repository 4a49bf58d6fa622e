// The timeline stage: a batch of `sluice.events.order` becomes one merge per order (fold.ts) and one bulk write.
// Writes are optimistic (read, merge, write only if unchanged since the read); an order someone else wrote
// meanwhile (another writer during a rebuild) is read and merged again. A malformed event is dead-lettered with
// its offset and value, never dropped silently. Offsets are resolved only after every write of the batch
// succeeded, so a crash redelivers, and the merge makes a redelivery a no-op.
import type { Batch, BatchHandler, DeadLetter, DeadLetterSink } from '../ports.js';
import { decodeEvent } from '../../model/projections/timeline/decode.js';
import { mergeTimeline, type TimelineEvent } from '../../model/projections/timeline/fold.js';
import type { TimelineStore } from '../../model/projections/timeline/ports.js';

export interface TimelineStageDeps {
  store: TimelineStore;
  deadLetters: DeadLetterSink;
  /** The index written: the read alias for the live stage, a new version index for a rebuild. */
  index: () => string;
  /** Merges of one order retried at most this often in one batch before the batch fails (and is redelivered). */
  maxRaces?: number;
  onWritten?: (count: number) => void;
}

export async function applyEvents(deps: TimelineStageDeps, index: string, byOrder: Map<string, TimelineEvent[]>): Promise<number> {
  let pending = new Map(byOrder);
  let written = 0;
  for (let race = 0; pending.size > 0; race++) {
    if (race > (deps.maxRaces ?? 5)) throw new Error(`order timeline: ${pending.size} order(s) kept being written by someone else`);
    const stored = await deps.store.load(index, [...pending.keys()]);
    const writes = [...pending].flatMap(([orderId, events]) => {
      const now = stored.get(orderId);
      const doc = mergeTimeline(orderId, now?.doc, events);
      return doc ? [{ doc, ...(now ? { read: { seqNo: now.seqNo, primaryTerm: now.primaryTerm } } : {}) }] : [];
    });
    const lost = new Set(writes.length > 0 ? await deps.store.save(index, writes) : []);
    written += writes.length - lost.size;
    pending = new Map([...pending].filter(([orderId]) => lost.has(orderId)));
  }
  return written;
}

export function createTimelineStage(deps: TimelineStageDeps): BatchHandler {
  return async (batch: Batch) => {
    const messages = batch.messages;
    if (messages.length === 0) return;
    const byOrder = new Map<string, TimelineEvent[]>();
    const letters: DeadLetter[] = [];
    for (const m of messages) {
      const d = decodeEvent(batch.partition, m);
      if (!d.ok) {
        letters.push({ topic: batch.topic, partition: batch.partition, offset: m.offset, reason: 'malformed-event', detail: d.reason, projection: 'order_timeline', value: m.value });
        continue;
      }
      byOrder.set(d.orderId, [...(byOrder.get(d.orderId) ?? []), d.event]);
    }
    const written = await applyEvents(deps, deps.index(), byOrder);
    if (letters.length > 0) await deps.deadLetters.park(letters);
    deps.onWritten?.(written);
    if (!batch.isRunning()) return;
    batch.resolveOffset(messages.at(-1)!.offset);
    await batch.commit();
  };
}
