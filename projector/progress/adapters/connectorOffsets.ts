// The connectors' committed source offsets, followed as they are written instead of asked for. Kafka Connect stores
// every source offset it commits as a record of its offsets topic (key `["<connector>",{"server":...}]`, value the
// Debezium offset); the REST endpoint GET /connectors/<name>/offsets reads that same topic, but each call costs
// Connect a read to the end of it (100-200 ms, and a steady load when asked forty times a second). Tailing the topic
// with a consumer of our own is one long-polling fetch: idle it costs nothing, and a commit arrives as an event the
// progress tracker wakes on. Each instance reads the whole topic with a group of its own and commits nothing (the
// topic is compacted; where to start is "the beginning" every time).
import { randomUUID } from 'node:crypto';
import type { KafkaClient } from '../../../model/adapters/kafka/client.js';
import type { Logger } from '../../../lib/logger.js';
import { superviseConsumer } from '../../adapters/kafka/supervise.js';

export interface ConnectorOffsets {
  start(): Promise<void>;
  /** lsn_commit of the connector's newest committed offset as read so far; undefined until one was read. */
  lsnCommit(connector: string): bigint | undefined;
  stop(): Promise<void>;
}

/** The connector a record of Connect's offsets topic belongs to, and its lsn_commit (null: the offset was reset). */
export function parseOffsetRecord(
  key: string | null,
  value: string | null,
): { connector: string; lsnCommit: bigint | null } | undefined {
  try {
    const k: unknown = key === null ? undefined : JSON.parse(key);
    if (!Array.isArray(k) || typeof k[0] !== 'string') return undefined;
    if (value === null) return { connector: k[0], lsnCommit: null };
    const v = JSON.parse(value) as { lsn_commit?: unknown };
    const lsn = v.lsn_commit;
    return typeof lsn === 'number' || typeof lsn === 'string'
      ? { connector: k[0], lsnCommit: BigInt(lsn) }
      : undefined;
  } catch {
    return undefined;
  }
}

export function followConnectorOffsets(o: {
  kafka: KafkaClient;
  topic: string;
  groupPrefix: string;
  onCommit: (connector: string) => void;
  logger?: Logger;
}): ConnectorOffsets {
  const latest = new Map<string, bigint>();
  const consumer = o.kafka.consumer({
    groupId: `${o.groupPrefix}-progress-${randomUUID()}`,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 5_000,
  });
  const supervision = superviseConsumer(
    consumer,
    async () => {
      await consumer.connect();
      await consumer.subscribe({ topics: [o.topic], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ message }) => {
          const parsed = parseOffsetRecord(
            message.key?.toString('utf8') ?? null,
            message.value?.toString('utf8') ?? null,
          );
          supervision.healthy();
          if (!parsed) return;
          if (parsed.lsnCommit === null) latest.delete(parsed.connector);
          else latest.set(parsed.connector, parsed.lsnCommit);
          o.onCommit(parsed.connector);
        },
      });
    },
    {
      onCrash: (err, restarting) =>
        o.logger?.warn({ err, restarting }, 'following the connector offsets failed; restarting it'),
    },
  );
  return {
    start: supervision.start,
    lsnCommit: (connector) => latest.get(connector),
    stop: supervision.stop,
  };
}
