// Watches one isolated projector from the outside, through Kafka alone: marks the CDC and dirty topics' ends,
// waits until a command's events have landed and both stages have consumed everything, and lists which documents
// were marked dirty since the mark. The dirty topics are the projector's own record of what it will re-render.
import { randomUUID } from 'node:crypto';
import { waitFor } from '../lib/waitFor.js';
import type { TableName } from '../model/change/change.js';
import { capturedTopics } from '../model/registry.js';
import { decodeDirty } from '../model/change/dirtyMessage.js';
import { projections } from '../model/registry.js';
import { testKafka } from './kafka.js';
import { cdcTopic, consumerGroups, dirtyTopic } from '../lib/names.js';

type Ends = Map<string, Map<number, number>>;

export interface Mark {
  cdc: Ends;
  dirty: Ends;
}

export interface PipelineProbe {
  mark(): Promise<Mark>;
  /** Waits until each table's CDC topic grew by at least `events[table]` since `mark`, then until both stages have no lag. */
  settle(mark: Mark, events: Partial<Record<TableName, number>>): Promise<void>;
  /** Per projection, the distinct root ids marked dirty since `mark` (call after `settle`). */
  dirtySince(mark: Mark): Promise<Record<string, Set<string>>>;
  /** Every dirty record since `mark`, with the source transactions that caused it. */
  readDirty(mark: Mark, onRecord: (projection: string, id: string, txIds: readonly number[]) => void): Promise<void>;
  /** Records not yet consumed: resolve (CDC) and hydrate (dirty marks). */
  lag(): Promise<{ resolve: number; hydrate: number }>;
  close(): Promise<void>;
}

export async function createPipelineProbe(settings: { topicPrefix: string; dirtyPrefix: string; groupPrefix: string }): Promise<PipelineProbe> {
  const kafka = testKafka();
  const admin = kafka.admin();
  await admin.connect();
  const cdc = capturedTopics(settings.topicPrefix);
  const dirty = projections.map((p) => dirtyTopic(settings.dirtyPrefix, p.name));
  const ends = async (topics: readonly string[]): Promise<Ends> => {
    const existing = new Set(await admin.listTopics());
    const out: Ends = new Map();
    for (const t of topics.filter((x) => existing.has(x))) out.set(t, new Map((await admin.fetchTopicOffsets(t)).map((p) => [p.partition, Number(p.high)])));
    return out;
  };
  const total = (e: Ends, topic: string) => [...(e.get(topic)?.values() ?? [])].reduce((a, b) => a + b, 0);
  const caughtUp = async (groupId: string, topics: readonly string[]): Promise<boolean> => {
    const now = await ends(topics);
    const committed = await admin.fetchOffsets({ groupId, topics: [...now.keys()] });
    return committed.every((t) => t.partitions.every((p) => (now.get(t.topic)?.get(p.partition) ?? 0) <= Math.max(0, Number(p.offset))));
  };
  const probe: PipelineProbe = {
    mark: async () => ({ cdc: await ends(cdc), dirty: await ends(dirty) }),
    async settle(mark, events) {
      await waitFor(
        async () => {
          const now = await ends(cdc);
          return Object.entries(events).every(([table, n]) => total(now, cdcTopic({ prefix: settings.topicPrefix }, table)) - total(mark.cdc, cdcTopic({ prefix: settings.topicPrefix }, table)) >= (n ?? 0));
        },
        { timeoutMs: 60_000, intervalMs: 50, description: `the command's events in Kafka (${JSON.stringify(events)})` },
      );
      await waitFor(async () => (await caughtUp(consumerGroups(settings.groupPrefix).resolve, cdc)) && (await caughtUp(consumerGroups(settings.groupPrefix).hydrate, dirty)), {
        timeoutMs: 120_000,
        intervalMs: 100,
        description: 'resolve and hydrate caught up',
      });
    },
    async dirtySince(mark) {
      const keys: Record<string, Set<string>> = Object.fromEntries(projections.map((p) => [p.name, new Set<string>()]));
      await probe.readDirty(mark, (projection, id) => void keys[projection]!.add(id));
      return keys;
    },
    async lag() {
      const behind = async (groupId: string, topics: readonly string[]) => {
        const now = await ends(topics);
        const committed = await admin.fetchOffsets({ groupId, topics: [...now.keys()] });
        return committed.reduce((sum, t) => sum + t.partitions.reduce((s, p) => s + Math.max(0, (now.get(t.topic)?.get(p.partition) ?? 0) - Math.max(0, Number(p.offset))), 0), 0);
      };
      return { resolve: await behind(consumerGroups(settings.groupPrefix).resolve, cdc), hydrate: await behind(consumerGroups(settings.groupPrefix).hydrate, dirty) };
    },
    async readDirty(mark, onRecord) {
      const target = await ends(dirty);
      const projectionOf = new Map(projections.map((p) => [dirtyTopic(settings.dirtyPrefix, p.name), p.name]));
      const remaining = new Set([...target].flatMap(([t, parts]) => [...parts].filter(([p, high]) => high > (mark.dirty.get(t)?.get(p) ?? 0)).map(([p]) => `${t}/${p}`)));
      if (remaining.size === 0) return;
      const consumer = kafka.consumer({ groupId: `probe-${randomUUID()}`, maxWaitTimeInMs: 100 });
      await consumer.connect();
      try {
        await consumer.subscribe({ topics: [...target.keys()], fromBeginning: true });
        await consumer.run({
          eachMessage: async ({ topic, partition, message }) => {
            const offset = Number(message.offset);
            const decoded = decodeDirty(message.key?.toString() ?? null, message.value?.toString() ?? null);
            if (offset >= (mark.dirty.get(topic)?.get(partition) ?? 0) && offset < (target.get(topic)?.get(partition) ?? 0) && decoded) onRecord(projectionOf.get(topic)!, decoded.id, decoded.txIds);
            if (offset + 1 >= (target.get(topic)?.get(partition) ?? 0)) remaining.delete(`${topic}/${partition}`);
          },
        });
        await waitFor(() => remaining.size === 0, { timeoutMs: 60_000, intervalMs: 50, description: 'dirty topics read up to the mark' });
      } finally {
        await consumer.disconnect();
      }
    },
    close: () => admin.disconnect(),
  };
  return probe;
}
