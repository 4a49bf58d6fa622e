// The hydrate stage: consumes `<dirtyPrefix>.<projection>`, dedupes the ids of each chunk, hydrates them from
// one snapshot into one bulk request, and resolves offsets only once every item is settled. The chunks of all
// partitions that arrive together (one fetch) are merged per projection into one round (lib/groupCommit.ts): one
// snapshot read and one bulk for the lot, instead of one per partition in turn.
import { createGroupCommit, type GroupCommit } from '../../lib/groupCommit.js';
import { decodeDirty } from '../../model/change/dirtyMessage.js';
import type { Hydrator, DirtyWork } from './hydrator.js';
import type { ProjectorMetrics } from '../metrics.js';
import type { Projection } from '../../model/projections/declaration.js';
import type { Batch, BatchHandler, DeadLetterSink } from '../ports.js';
import type { IncomingMessage } from '../../model/change/message.js';

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
export type FaultHook = (point: FaultPoint, at: { topic: string; partition: number; offset: string; marks: number }) => void | Promise<void>;

/** Merges the marks of one id: all causing transactions, the oldest commit time, the latest offset. */
function merge(work: Map<string, DirtyWork>, next: DirtyWork): void {
  const seen = work.get(next.id);
  const tsMs = seen?.tsMs != null && next.tsMs != null ? Math.min(seen.tsMs, next.tsMs) : (seen?.tsMs ?? next.tsMs);
  work.set(next.id, { ...next, txIds: [...new Set([...(seen?.txIds ?? []), ...next.txIds])], tsMs });
}

function collect(batch: Batch, messages: readonly IncomingMessage[]) {
  const work = new Map<string, DirtyWork>();
  const malformed: IncomingMessage[] = [];
  for (const message of messages) {
    const dirty = decodeDirty(message.key, message.value);
    if (!dirty) {
      malformed.push(message);
      continue;
    }
    merge(work, { id: dirty.id, txIds: dirty.txIds, tsMs: dirty.tsMs, topic: batch.topic, partition: batch.partition, offset: message.offset });
  }
  return { work: [...work.values()], malformed };
}

/** One partition's chunk waiting for a round: its marks, and whether its partition is still ours. */
interface Submission {
  work: readonly DirtyWork[];
  keepGoing: () => Promise<boolean>;
}

export function createHydrateStage(deps: HydrateStageDeps): BatchHandler {
  const m = deps.metrics;
  const size = deps.chunkSize ?? 500;
  const rounds = new Map<string, GroupCommit<Submission>>();
  const roundsOf = (projection: Projection): GroupCommit<Submission> => {
    const existing = rounds.get(projection.name);
    if (existing) return existing;
    const created = createGroupCommit<Submission>(async (submissions) => {
      const work = new Map<string, DirtyWork>();
      for (const w of submissions.flatMap((s) => s.work)) merge(work, w);
      // Retries keep going only while every partition of the round is still assigned and running.
      const keepGoing = async () => (await Promise.all(submissions.map((s) => s.keepGoing()))).every(Boolean);
      await deps.hydrator.hydrate(projection, [...work.values()], keepGoing);
    }, { maxItems: size, weigh: (s) => s.work.length });
    rounds.set(projection.name, created);
    return created;
  };
  return async (batch) => {
    const projection = deps.projectionOf(batch.topic);
    if (!projection) throw new Error(`no projection consumes ${batch.topic}`);
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
      const at = { topic: batch.topic, partition: batch.partition, offset: messages.at(-1)!.offset, marks: messages.length };
      await deps.fault?.('before-bulk', at);
      const keepGoing = async () => {
        await batch.heartbeat();
        return batch.isRunning();
      };
      await roundsOf(projection).submit([{ work, keepGoing }]);
      // Elasticsearch has acknowledged every item, the offset is not committed yet: the window T01 crashes in.
      await deps.fault?.('after-bulk', at);
      batch.resolveOffset(messages.at(-1)!.offset);
      await batch.heartbeat();
      await batch.commit();
      end();
    }
  };
}
