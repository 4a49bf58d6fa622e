// The event stage of an event-built read model (model/projections/eventDeclaration.ts): a batch of one source topic
// partition becomes one fold per document and one bulk write. Writes are optimistic (read, fold, write only if
// unchanged since the read); a document someone else wrote meanwhile (another writer during a rebuild) is read and
// folded again. A malformed event is dead-lettered with its offset and value, never dropped silently. Offsets are
// resolved only after every write of the batch succeeded, so a crash redelivers, and the fold makes a redelivery a
// no-op.
import type { Batch, BatchHandler, DeadLetter, DeadLetterSink } from '../ports.js';
import type { EventProjection } from '../../model/projections/eventDeclaration.js';
import type { EventDocStore } from '../../model/projections/eventStore.js';

export interface EventStageDeps {
  projection: EventProjection;
  store: EventDocStore;
  deadLetters: DeadLetterSink;
  /** The index written: the read alias for the live stage, a new version index for a rebuild. */
  index: () => string;
  /** Folds of one document retried at most this often in one batch before the batch fails (and is redelivered). */
  maxRaces?: number;
  onWritten?: (count: number) => void;
}

export async function applyEvents(deps: EventStageDeps, index: string, byId: Map<string, unknown[]>): Promise<number> {
  let pending = new Map(byId);
  let written = 0;
  for (let race = 0; pending.size > 0; race++) {
    if (race > (deps.maxRaces ?? 5)) throw new Error(`${deps.projection.name}: ${pending.size} document(s) kept being written by someone else`);
    const stored = await deps.store.load(index, [...pending.keys()]);
    const writes = [...pending].flatMap(([id, events]) => {
      const now = stored.get(id);
      const doc = deps.projection.fold(id, now?.doc, events);
      return doc ? [{ doc, ...(now ? { read: { seqNo: now.seqNo, primaryTerm: now.primaryTerm } } : {}) }] : [];
    });
    const lost = new Set(writes.length > 0 ? await deps.store.save(index, writes) : []);
    written += writes.length - lost.size;
    pending = new Map([...pending].filter(([id]) => lost.has(id)));
  }
  return written;
}

export function createEventStage(deps: EventStageDeps): BatchHandler {
  return async (batch: Batch) => {
    const messages = batch.messages;
    if (messages.length === 0) return;
    const byId = new Map<string, unknown[]>();
    const letters: DeadLetter[] = [];
    for (const m of messages) {
      const d = deps.projection.decode(batch.partition, m);
      if (!d.ok) {
        letters.push({ topic: batch.topic, partition: batch.partition, offset: m.offset, reason: 'malformed-event', detail: d.reason, projection: deps.projection.name, value: m.value });
        continue;
      }
      byId.set(d.id, [...(byId.get(d.id) ?? []), d.event]);
    }
    const written = await applyEvents(deps, deps.index(), byId);
    if (letters.length > 0) await deps.deadLetters.park(letters);
    deps.onWritten?.(written);
    if (!batch.isRunning()) return;
    batch.resolveOffset(messages.at(-1)!.offset);
    await batch.commit();
  };
}
