// Test helpers for Kafka: a quiet client and a consumer that collects messages from a topic.
import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { waitFor } from '../lib/waitFor.js';
import { readSecrets } from '../lib/secrets.js';
import { adminSaslFrom, type KafkaSasl } from '../lib/kafkaSasl.js';

/** Tests act as the admin principal (the stack's generated password, adopted into the environment by ensureStack). */
export const testSasl = (): KafkaSasl | undefined => adminSaslFrom(process.env);

/** An ops instance that watches a test's own groups (not the projector's) needs more than the ops principal: admin. */
export const opsAsAdmin = (): Record<string, string> => {
  const sasl = testSasl();
  return sasl ? { KAFKA_OPS_USER: sasl.username, KAFKA_OPS_PASSWORD: sasl.password } : {};
};

/**
 * For Sluice processes a test starts through the launcher on names of its own (a prefix, its own groups): a copy of
 * the stack's secrets file in which the projector and ops principals are the admin's, and the variables that point
 * the launcher at it, with the same passwords as variables: the launcher writes each process a secrets file of its own
 * from its environment over that file (`extra`: other secrets the test sets, such as its API_KEYS).
 */
export function secretsAsAdmin(file: string, extra: Record<string, string> = {}): Record<string, string> {
  const sasl = testSasl();
  if (!sasl) return {};
  const secrets = { ...readSecrets(process.env), KAFKA_PROJECTOR_PASSWORD: sasl.password, KAFKA_OPS_PASSWORD: sasl.password, ...extra };
  writeFileSync(file, Object.entries(secrets).map(([k, v]) => `${k}=${v}\n`).join(''), { mode: 0o600 });
  // The same values in the environment too: the launcher gives each process the environment's value over the file's
  // (infra/native/components/apps.ts), and this process's environment already holds the real principals' passwords.
  return { SLUICE_SECRETS_FILE: file, KAFKA_PROJECTOR_USER: sasl.username, KAFKA_OPS_USER: sasl.username, KAFKA_PROJECTOR_PASSWORD: sasl.password, KAFKA_OPS_PASSWORD: sasl.password, ...extra };
}

export const testBrokers = (): string[] => (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');

export const testKafka = (): Kafka => {
  const sasl = testSasl();
  return new Kafka({ clientId: `test-${randomUUID()}`, brokers: testBrokers(), logLevel: logLevel.NOTHING, ...(sasl ? { sasl } : {}) });
};

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
 * Commits `groupId` at the current end of each topic that exists, before the group ever runs, so a test's projector
 * starts from now instead of replaying shared history (a topic Debezium has not created yet has no history to
 * skip). One member joins once and commits every partition: admin.setOffsets joins once per topic (about 5 s each).
 */
export async function startGroupAtEnd(kafka: Kafka, groupId: string, wanted: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  let offsets: { topic: string; partition: number; offset: string }[];
  let topics: string[];
  try {
    const existing = new Set(await admin.listTopics());
    topics = wanted.filter((t) => existing.has(t));
    offsets = (await Promise.all(topics.map(async (topic) => (await admin.fetchTopicOffsets(topic)).map((p) => ({ topic, partition: p.partition, offset: p.high }))))).flat();
  } finally {
    await admin.disconnect();
  }
  if (topics.length === 0) return;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: false });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({ autoCommit: false, eachBatch: () => Promise.resolve() });
    consumer.pause(topics.map((topic) => ({ topic })));
    await joined;
    await consumer.commitOffsets(offsets);
  } finally {
    await consumer.disconnect();
  }
}
