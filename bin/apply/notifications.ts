// Debezium's notifications about incremental snapshots, read from the connector's sink notification topic
// (connectorNotificationTopic, notification.enabled.channels=sink). They are how `sluice apply` knows a backfill
// has started and when a table's scan is complete: Debezium's own statement, with no JMX and no guess from row
// counts (which concurrent inserts and deletes make unreliable). Only notifications produced after `open` count:
// the topic's end offsets are taken first, so an earlier apply's notifications are never mistaken for this one's.
import { randomUUID } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import { ensureTopics } from '../../model/adapters/kafka/admin.js';
import { createKafkaClient } from '../../model/adapters/kafka/client.js';
import type { KafkaSasl } from '../../lib/kafkaSasl.js';

export interface SnapshotNotification {
  aggregateType: string;
  type: string;
  additional: Record<string, string>;
}

export interface NotificationWatch {
  /** Resolves with the first notification (since `open`) that matches, or rejects after `timeoutMs`. */
  next(matches: (n: SnapshotNotification) => boolean, timeoutMs: number, description: string): Promise<SnapshotNotification>;
  close(): Promise<void>;
}

export function parseNotification(value: string | null): SnapshotNotification | undefined {
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(value) as Record<string, unknown>;
    const body = (typeof parsed['payload'] === 'object' && parsed['payload'] !== null && 'schema' in parsed ? parsed['payload'] : parsed) as Record<string, unknown>;
    const additional = (body['additional_data'] ?? body['additionalData'] ?? {}) as Record<string, string>;
    const text = (v: unknown): string => (typeof v === 'string' ? v : '');
    return { aggregateType: text(body['aggregate_type'] ?? body['aggregateType']), type: text(body['type']), additional };
  } catch {
    return undefined;
  }
}

/** The collections a notification is about: `data_collections` (a list) on STARTED, `data_collection` on a table scan. */
export const collectionsOf = (n: SnapshotNotification): string[] =>
  [n.additional['data_collection'], ...(n.additional['data_collections'] ?? '').split(',')].map((c) => (c ?? '').trim()).filter(Boolean);

/** `sasl`: an operator's principal (the admin's): the watch reads Connect's topic with a group of its own. */
export async function openNotificationWatch(brokers: readonly string[], sasl: KafkaSasl | undefined, topic: string): Promise<NotificationWatch> {
  const kafka = createKafkaClient(brokers, 'sluice-apply', sasl);
  await ensureTopics(kafka, [topic], 1);
  const admin = kafka.admin();
  await admin.connect();
  const from = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.offset)]));
  const groupId = `sluice-apply-${randomUUID()}`;
  const consumer: Consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  const seen: SnapshotNotification[] = [];
  const waiters = new Set<() => void>();
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      if (BigInt(message.offset) < (from.get(partition) ?? 0n)) return;
      const n = parseNotification(message.value?.toString() ?? null);
      if (!n) return;
      seen.push(n);
      for (const wake of waiters) wake();
    },
  });
  return {
    next(matches, timeoutMs, description) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = seen.find(matches);
          if (!found) return;
          finish();
          resolve(found);
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`no Debezium notification ${description} within ${timeoutMs / 1000} s`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      await consumer.disconnect().catch(() => undefined);
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    },
  };
}
