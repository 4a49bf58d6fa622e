// Test helpers for Kafka: a quiet client and a consumer that collects messages from a topic.
import { Kafka, logLevel, type Admin, type Consumer, type KafkaMessage } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { waitFor } from '../../lib/waitFor.js';

export const testKafka = (): Kafka =>
  new Kafka({ clientId: `test-${randomUUID()}`, brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING });

export interface Collector {
  messages: KafkaMessage[];
  stop: () => Promise<void>;
}

/** Consumes `topic` from the beginning with a fresh group, collecting every message. */
export async function collect(kafka: Kafka, topic: string): Promise<Collector> {
  await waitForTopic(kafka, topic);
  const consumer: Consumer = kafka.consumer({ groupId: `test-${randomUUID()}` });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
  return { messages, stop: () => consumer.disconnect() };
}

/** Debezium creates a table's topic with its first change: wait until it exists with leaders. */
export async function waitForTopic(kafka: Kafka, topic: string, timeoutMs = 60_000): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await waitFor(
      async () => {
        const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
        return topics[0]?.partitions.every((p) => p.leader >= 0) ?? false;
      },
      { timeoutMs, description: `topic ${topic}` },
    );
  } finally {
    await admin.disconnect();
  }
}

/**
 * Commits `groupId` at the current end of each topic that exists, so a test's projector starts from now
 * instead of replaying shared history. A topic Debezium has not created yet has no history to skip.
 */
export async function startGroupAtEnd(admin: Admin, groupId: string, topics: readonly string[]): Promise<void> {
  const existing = new Set(await admin.listTopics());
  for (const topic of topics.filter((t) => existing.has(t))) {
    const ends = await admin.fetchTopicOffsets(topic);
    await admin.setOffsets({ groupId, topic, partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })) });
  }
}
