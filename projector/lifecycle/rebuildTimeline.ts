// Rebuilds the order timeline from the beginning of its event topic into a new version index, then moves the read
// alias, without stopping the live stage. The steps, and why nothing is lost:
//  1. A fresh consumer group reads the topic from its first offset into `order_timeline_v<N>`.
//  2. Once it has consumed up to the high watermarks read after it started, the read alias moves to the new index
//     in one alias action. The live stage writes through the alias, so from then on it writes the new index too.
//  3. The rebuild group then also consumes up to the high watermarks read after the move: every event the live
//     stage wrote only to the old index was in the topic before the move, so the rebuild applies it as well.
// The live stage and the rebuild may both merge one document meanwhile; merges are by event id and derive the
// document from the set of events (timeline/fold.ts), with optimistic writes, so their order does not matter.
import { randomBytes } from 'node:crypto';
import { waitFor } from '../../lib/waitFor.js';
import { indexNames } from '../../lib/names.js';
import type { EsClient } from '../../model/adapters/elasticsearch/client.js';
import { resolveAliases, updateAliases } from '../../model/adapters/elasticsearch/aliases.js';
import { createTimelineIndex, createTimelineStore } from '../../model/adapters/elasticsearch/timelineStore.js';
import type { KafkaClient } from '../../model/adapters/kafka/client.js';
import { createBatchConsumer } from '../adapters/kafka/consumer.js';
import type { DeadLetterSink } from '../ports.js';
import { ORDER_TIMELINE } from '../../model/projections/timeline/mapping.js';
import { createTimelineStage } from '../timeline/timelineStage.js';

export interface TimelineRebuild {
  es: EsClient;
  kafka: KafkaClient;
  topic: string;
  groupPrefix: string;
  indexPrefix: string;
  deadLetters: DeadLetterSink;
  /** The version to build; must be newer than the live one. */
  version: number;
  /** Leave the alias where it is (build and compare only). */
  swap?: boolean;
  timeoutMs?: number;
}

export interface TimelineRebuilt {
  index: string;
  previous: string | undefined;
  documents: number;
  ms: number;
}

type Admin = ReturnType<KafkaClient['admin']>;

async function caughtUp(admin: Admin, groupId: string, topic: string, targets: Map<number, bigint>): Promise<boolean> {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const at = new Map((committed?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
  return [...targets].every(([partition, high]) => high === 0n || (at.get(partition) ?? -1n) >= high);
}

async function highWatermarks(admin: Admin, topic: string): Promise<Map<number, bigint>> {
  return new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high) > BigInt(p.low) ? BigInt(p.high) : 0n]));
}

export async function rebuildTimeline(r: TimelineRebuild): Promise<TimelineRebuilt> {
  const started = Date.now();
  const live = indexNames(ORDER_TIMELINE, r.indexPrefix);
  const target = indexNames({ name: ORDER_TIMELINE.name, version: r.version }, r.indexPrefix).index;
  const previous = (await resolveAliases(r.es, [live.alias])).get(live.alias);
  if (previous === target) throw new Error(`${target} is already the live order timeline; rebuild to a newer version`);
  await createTimelineIndex(r.es, target);
  const groupId = `${r.groupPrefix}-timeline-rebuild-v${r.version}-${randomBytes(3).toString('hex')}`;
  let documents = 0;
  const consumer = createBatchConsumer(
    r.kafka,
    { groupId, topics: [r.topic], fromBeginning: true, concurrency: 4, commitIntervalMs: 100 },
    createTimelineStage({ store: createTimelineStore(r.es), deadLetters: r.deadLetters, index: () => target, onWritten: (n) => void (documents += n) }),
  );
  // One admin connection for the whole rebuild: the catch-up is polled every 250 ms.
  const admin = r.kafka.admin();
  await admin.connect();
  const until = async (targets: Map<number, bigint>, description: string) =>
    waitFor(() => caughtUp(admin, groupId, r.topic, targets), { timeoutMs: r.timeoutMs ?? 600_000, intervalMs: 250, description });
  await consumer.start();
  try {
    await until(await highWatermarks(admin, r.topic), 'the timeline rebuild caught up with the topic');
    if (r.swap ?? true) {
      await updateAliases(r.es, [...(previous ? [{ remove: { index: previous, alias: live.alias } }] : []), { add: { index: target, alias: live.alias } }]);
      await until(await highWatermarks(admin, r.topic), 'the timeline rebuild caught up after the alias moved');
    }
  } finally {
    await consumer.stop();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
  await r.es.indices.refresh({ index: target });
  return { index: target, previous, documents, ms: Date.now() - started };
}
