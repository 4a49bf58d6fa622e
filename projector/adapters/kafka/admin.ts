// Creates the topics the projector owns (dirty topics, dead-letter topic) if they do not exist yet.
import type { KafkaClient } from './client.js';

export async function ensureTopics(kafka: KafkaClient, topics: readonly string[], numPartitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin.createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor: 1 })) });
    }
  } finally {
    await admin.disconnect();
  }
}
