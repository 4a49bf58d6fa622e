// A real projector for the ops tests that starts from *now*: its resolve group's offsets are set to the current
// end of every CDC topic before it joins. Replaying the shared topics from the beginning (as the projector
// harness does) would make these tests depend on every other suite's history, poison records and fan-outs.
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { capturedTables } from '../../projector/cdc/tables.js';
import { cdcTopic } from '../../projector/cdc/topics.js';
import { createEsClient } from '../../projector/adapters/elasticsearch/client.js';
import { loadProjectorConfig } from '../../projector/config.js';
import { settingsFrom } from '../../projector/main.js';
import { createProjector, type Projector } from '../../projector/projector.js';
import { projections } from '../../projector/projections/index.js';

export interface LiveProjector {
  projector: Projector;
  settings: ReturnType<typeof settingsFrom>;
  close(): Promise<void>;
}

async function skipHistory(brokers: readonly string[], groupId: string, topics: readonly string[]): Promise<void> {
  const admin = new Kafka({ clientId: `ops-test-${groupId}`, brokers: [...brokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    for (const topic of topics.filter((t) => existing.has(t))) {
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({ groupId, topic, partitions: ends.map((e) => ({ partition: e.partition, offset: e.high })) });
    }
  } finally {
    await admin.disconnect();
  }
}

export async function startLiveProjector(): Promise<LiveProjector> {
  const tag = `ops${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const base = settingsFrom(loadProjectorConfig(process.env));
  const settings = { ...base, dirtyPrefix: `sluice.dirty.${tag}`, dlqTopic: `sluice.dlq.${tag}`, groupPrefix: `test-${tag}`, indexPrefix: `${tag}-`, dirtyPartitions: 3 };
  const cdcTopics = Object.keys(capturedTables).map((t) => cdcTopic({ prefix: settings.topicPrefix }, t));
  await skipHistory(settings.brokers, `${settings.groupPrefix}-resolve`, cdcTopics);
  const projector = createProjector(settings);
  await projector.start();
  return {
    projector,
    settings,
    async close() {
      await projector.stop();
      const es = createEsClient(settings.esUrl);
      // Wildcard deletes are refused by default (action.destructive_requires_name): name each index.
      const indices = projections.map((p) => `${tag}-${p.name}_v${p.version}`);
      await es.indices.delete({ index: indices }, { ignore: [404] }).catch(() => undefined);
      await es.close();
    },
  };
}
