// A throwaway consumer group that reads topics from their first offset, and waits until it has consumed up to the
// high watermarks read at a chosen moment: what a rebuild and a verify of an event-built read model both need.
import { randomBytes } from 'node:crypto';
import type { KafkaClient } from '../../model/adapters/kafka/client.js';
import { waitFor } from '../../lib/waitFor.js';
import { createBatchConsumer } from '../adapters/kafka/consumer.js';
import type { BatchHandler } from '../ports.js';

type Admin = ReturnType<KafkaClient['admin']>;
type Targets = Map<string, Map<number, bigint>>;

export interface CatchUp {
  /** Reads the high watermarks now, then waits until the group has committed up to them. */
  untilNow(description: string): Promise<Targets>;
  stop(): Promise<void>;
}

async function highWatermarks(admin: Admin, topics: readonly string[]): Promise<Targets> {
  const all: Targets = new Map();
  for (const topic of topics) {
    all.set(topic, new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high) > BigInt(p.low) ? BigInt(p.high) : 0n])));
  }
  return all;
}

async function caughtUp(admin: Admin, groupId: string, targets: Targets): Promise<boolean> {
  const committed = await admin.fetchOffsets({ groupId, topics: [...targets.keys()] });
  return [...targets].every(([topic, highs]) => {
    const at = new Map((committed.find((c) => c.topic === topic)?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
    return [...highs].every(([partition, high]) => high === 0n || (at.get(partition) ?? -1n) >= high);
  });
}

export async function startCatchUp(kafka: KafkaClient, groupStem: string, topics: readonly string[], handler: BatchHandler, timeoutMs = 600_000): Promise<CatchUp> {
  const groupId = `${groupStem}-${randomBytes(3).toString('hex')}`;
  const consumer = createBatchConsumer(kafka, { groupId, topics: [...topics], fromBeginning: true, concurrency: 4, commitIntervalMs: 100 }, handler);
  // One admin connection for the whole run: the catch-up is polled every 250 ms.
  const admin = kafka.admin();
  await admin.connect();
  try {
    await consumer.start();
  } catch (error) {
    await admin.disconnect();
    throw error;
  }
  return {
    async untilNow(description) {
      const targets = await highWatermarks(admin, topics);
      await waitFor(() => caughtUp(admin, groupId, targets), { timeoutMs, intervalMs: 250, description });
      return targets;
    },
    async stop() {
      await consumer.stop();
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.disconnect();
    },
  };
}
