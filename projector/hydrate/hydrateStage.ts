// The hydrate stage: consumes `<dirtyPrefix>.<projection>`, dedupes the ids of each chunk, hydrates them from
// one snapshot into one bulk request, and resolves offsets only once every item is settled.
import { decodeDirty } from './dirtyMessage.js';
import type { Hydrator, DirtyWork } from './hydrator.js';
import type { ProjectorMetrics } from '../metrics.js';
import type { Projection } from '../projections/define.js';
import type { Batch, BatchHandler, DeadLetterSink, IncomingMessage } from '../ports.js';

export interface HydrateStageDeps {
  /** Which projection a dirty topic belongs to. */
  projectionOf: (topic: string) => Projection | undefined;
  hydrator: Hydrator;
  deadLetters: DeadLetterSink;
  metrics: ProjectorMetrics;
  chunkSize?: number;
  /** Test-only fault injection (docs/reliability.md T01): a throw here is a crash at that point of the batch. */
  fault?: FaultHook;
}

export type FaultPoint = 'before-bulk' | 'after-bulk';
export type FaultHook = (point: FaultPoint, at: { topic: string; partition: number; offset: string }) => void | Promise<void>;

/** Merges the marks of one id: all causing transactions, the oldest commit time, the latest offset. */
function collect(batch: Batch, messages: readonly IncomingMessage[]) {
  const work = new Map<string, DirtyWork>();
  const malformed: IncomingMessage[] = [];
  for (const message of messages) {
    const dirty = decodeDirty(message.key, message.value);
    if (!dirty) {
      malformed.push(message);
      continue;
    }
    const seen = work.get(dirty.id);
    const tsMs = seen?.tsMs != null && dirty.tsMs != null ? Math.min(seen.tsMs, dirty.tsMs) : (seen?.tsMs ?? dirty.tsMs);
    const txIds = [...new Set([...(seen?.txIds ?? []), ...dirty.txIds])];
    work.set(dirty.id, { id: dirty.id, txIds, tsMs, topic: batch.topic, partition: batch.partition, offset: message.offset });
  }
  return { work: [...work.values()], malformed };
}

export function createHydrateStage(deps: HydrateStageDeps): BatchHandler {
  const m = deps.metrics;
  return async (batch) => {
    const projection = deps.projectionOf(batch.topic);
    if (!projection) throw new Error(`no projection consumes ${batch.topic}`);
    const size = deps.chunkSize ?? 500;
    for (let i = 0; i < batch.messages.length && batch.isRunning(); i += size) {
      const end = m.batchSeconds.startTimer({ stage: 'hydrate' });
      const messages = batch.messages.slice(i, i + size);
      const { work, malformed } = collect(batch, messages);
      if (malformed.length > 0) {
        await deps.deadLetters.park(
          malformed.map((msg) => ({ topic: batch.topic, partition: batch.partition, offset: msg.offset, reason: 'malformed-dirty-mark', detail: 'not a dirty mark', value: msg.value })),
        );
        m.deadLettered.inc({ stage: 'hydrate', reason: 'malformed-dirty-mark' }, malformed.length);
      }
      const at = { topic: batch.topic, partition: batch.partition, offset: messages.at(-1)!.offset };
      await deps.fault?.('before-bulk', at);
      await deps.hydrator.hydrate(projection, work, async () => {
        await batch.heartbeat();
        return batch.isRunning();
      });
      // Elasticsearch has acknowledged every item, the offset is not committed yet: the window T01 crashes in.
      await deps.fault?.('after-bulk', at);
      batch.resolveOffset(messages.at(-1)!.offset);
      await batch.heartbeat();
      await batch.commit();
      end();
    }
  };
}
