// A batch consumer with at-least-once semantics: nothing is resolved automatically; the handler resolves offsets
// only for messages it has settled, and offsets are committed after that. A handler error leaves the batch
// unresolved, so kafkajs redelivers it (after its own backoff) instead of skipping it.
import type { Batch, BatchHandler } from '../../ports.js';
import type { IHeaders } from 'kafkajs';
import type { KafkaClient } from '../../../model/adapters/kafka/client.js';
import { superviseConsumer } from './supervise.js';

export interface BatchConsumer {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface BatchConsumerOptions {
  groupId: string;
  topics: readonly string[];
  fromBeginning?: boolean;
  sessionTimeout?: number;
  /** Told about every crash; a crashed consumer is always restarted until stop() (see supervise.ts). */
  onCrash?: (error: unknown, restarting: boolean) => void;
  /** Partitions handled at once. Safe for ordering: one partition's batches still run one after another, and
   * every key lives on exactly one partition. Each partition resolves and commits only its own offsets. */
  concurrency?: number;
  /** How often resolved offsets are committed at most (kafkajs autoCommitInterval); read-your-writes waits on it. */
  commitIntervalMs?: number;
  /** Fetch size per partition (kafkajs default 1 MiB); minBytes stays 1, so an idle fetch returns at once. */
  maxBytesPerPartition?: number;
}

/** kafkajs headers (Buffer, string or arrays of them) as one string each; the last one wins when repeated. */
function headersOf(raw: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    const last = Array.isArray(value) ? value.at(-1) : value;
    if (last !== undefined) out[name] = last.toString();
  }
  return out;
}

export function createBatchConsumer(
  kafka: KafkaClient,
  opts: BatchConsumerOptions,
  handler: BatchHandler,
): BatchConsumer {
  const maxBytesPerPartition = opts.maxBytesPerPartition ?? 1024 * 1024;
  const consumer = kafka.consumer({
    groupId: opts.groupId,
    sessionTimeout: opts.sessionTimeout ?? 30_000,
    heartbeatInterval: 3_000,
    allowAutoTopicCreation: false,
    maxBytesPerPartition,
    // The per-fetch total must leave room for several full partitions, or the larger per-partition limit is moot.
    maxBytes: Math.max(10 * 1024 * 1024, maxBytesPerPartition * 4),
  });
  const supervision = superviseConsumer(
    consumer,
    async () => {
      await consumer.connect();
      await consumer.subscribe({ topics: [...opts.topics], fromBeginning: opts.fromBeginning ?? true });
      await consumer.run({
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: opts.concurrency ?? 1,
        autoCommit: true,
        autoCommitInterval: opts.commitIntervalMs ?? 1_000,
        eachBatch: async (payload) => {
          const { batch } = payload;
          supervision.healthy();
          const view: Batch = {
            topic: batch.topic,
            partition: batch.partition,
            messages: batch.messages.map((m) => ({
              offset: m.offset,
              timestampMs: Number(m.timestamp),
              key: m.key?.toString('utf8') ?? null,
              value: m.value?.toString('utf8') ?? null,
              headers: headersOf(m.headers),
            })),
            resolveOffset: (offset) => payload.resolveOffset(offset),
            heartbeat: () => payload.heartbeat(),
            commit: () => payload.commitOffsetsIfNecessary(),
            isRunning: () => payload.isRunning() && !payload.isStale(),
          };
          await handler(view);
        },
      });
    },
    { onCrash: opts.onCrash },
  );
  return { start: supervision.start, stop: supervision.stop };
}
