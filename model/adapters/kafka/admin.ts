// Creates the topics the projector owns (dirty topics, dead-letter topic, missing CDC topics) if they do not
// exist yet, and returns only once every partition has a leader. On a broker that has just started, or while
// Debezium creates the same topic, metadata answers "does not host this topic-partition" for a moment: that
// is retried, not fatal.
import { retry } from '../../../lib/retry.js';
import { kafkaReplicationFactor } from '../../../lib/replication.js';
import type { KafkaClient } from './client.js';

class TopicsNotReadyError extends Error {
  readonly retriable = true;
}

const isRetriable = (error: unknown): boolean => (error as { retriable?: boolean } | null)?.retriable === true;

async function ensureOnce(kafka: KafkaClient, topics: readonly string[], numPartitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin.createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor: kafkaReplicationFactor() })) });
    }
    const { topics: described } = await admin.fetchTopicMetadata({ topics: [...topics] });
    const leaderless = described.filter((t) => t.partitions.length === 0 || t.partitions.some((p) => p.leader < 0));
    if (leaderless.length) throw new TopicsNotReadyError(`topics without leaders yet: ${leaderless.map((t) => t.name).join(', ')}`);
  } finally {
    await admin.disconnect();
  }
}

export async function ensureTopics(kafka: KafkaClient, topics: readonly string[], numPartitions: number): Promise<void> {
  if (topics.length === 0) return;
  await retry(() => ensureOnce(kafka, topics, numPartitions), { retries: 10, initialMs: 250, maxMs: 5_000, shouldRetry: isRetriable });
}
