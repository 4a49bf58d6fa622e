// An isolated in-process projector (own dirty topics, groups, index prefix) that starts at the current end of the
// CDC topics instead of replaying them: tests that create their own entities through commands need no history,
// and a replay of the shared topics takes long and replays other suites' fan-out. Documents of entities created
// before start are absent; everything created afterwards flows through the real pipeline.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createEsClient, type EsClient } from '../../projector/adapters/elasticsearch/client.js';
import { loadProjectorConfig, settingsFrom } from '../../projector/config.js';
import { capturedTables } from '../../projector/cdc/tables.js';
import { createProjector, type Projector } from '../../projector/projector.js';
import { adminConfig } from './pg.js';
import { testKafka } from './kafka.js';
import { cdcTopic, consumerGroups, indexNames, isolatedNames, progressIndex } from '../../lib/names.js';
import { projections } from '../../projector/projections/index.js';

export interface LiveProjector {
  tag: string;
  settings: ReturnType<typeof settingsFrom>;
  projector: Projector;
  es: EsClient;
  admin: pg.Pool;
  close(): Promise<void>;
}

/** Commits the resolve group at the current high watermark of every CDC topic, before the group ever runs. */
async function startAtEnd(groupId: string, topics: readonly string[]): Promise<void> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    // resetOffsets(latest) commits the -1 sentinel, which a fromBeginning consumer reads as "start at 0": commit numbers.
    for (const topic of topics.filter((t) => existing.has(t))) {
      const partitions = (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, offset: p.high }));
      await admin.setOffsets({ groupId, topic, partitions });
    }
  } finally {
    await admin.disconnect();
  }
}

export async function startLiveProjector(): Promise<LiveProjector> {
  const tag = `q${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const base = settingsFrom(loadProjectorConfig(process.env));
  const settings = { ...base, ...isolatedNames(tag), dirtyPartitions: 3 };
  await startAtEnd(consumerGroups(settings.groupPrefix).resolve, Object.keys(capturedTables).map((t) => cdcTopic({ prefix: settings.topicPrefix }, t)));
  const projector = createProjector(settings);
  await projector.start();
  const es = createEsClient(settings.esUrl);
  const admin = new pg.Pool({ ...adminConfig(), max: 5 });
  return {
    tag, settings, projector, es, admin,
    async close() {
      await projector.stop();
      await admin.end();
      const indices = projections.map((p) => indexNames(p, `${tag}-`).index).concat(progressIndex(`${tag}-`));
      await es.indices.delete({ index: indices }, { ignore: [404] }).catch(() => undefined);
      await es.close();
    },
  };
}
