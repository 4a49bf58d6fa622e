// Wiring for the lifecycle commands (rebuild, verify, reproject, replay): the same adapters and the same target
// resolution as the live projector, from the projector's settings. bin/projectionCommands.ts is its only caller.
import { resolveAliases } from '../../model/adapters/elasticsearch/aliases.js';
import { createEsClient, type EsClient } from '../../model/adapters/elasticsearch/client.js';
import { createDocumentStore } from '../adapters/elasticsearch/documentStore.js';
import { liveMapping } from '../../model/adapters/elasticsearch/indexes.js';
import { createKafkaClient, type KafkaClient } from '../../model/adapters/kafka/client.js';
import { createPostgresPool } from '../adapters/postgres/pool.js';
import { createHydrator, type Hydrator } from '../hydrate/hydrator.js';
import { createSnapshotReader } from '../hydrate/snapshotReader.js';
import { createTargetResolver } from '../hydrate/targets.js';
import type { settingsFrom } from '../config.js';
import { createMetrics } from '../metrics.js';
import type { DeadLetter, SqlPool } from '../ports.js';
import { indexNames } from '../../lib/names.js';

export interface LifecycleContext {
  pg: SqlPool;
  es: EsClient;
  kafka: KafkaClient;
  /** Hydrates like the live stream, but may rewrite an equal version (see VersionType); rejected items are collected. */
  hydrator: Hydrator;
  rejected: DeadLetter[];
  close(): Promise<void>;
}

export function createLifecycleContext(s: ReturnType<typeof settingsFrom>, warn: (message: string) => void): LifecycleContext {
  const pg = createPostgresPool({ ...s.postgres, max: 4 });
  const es = createEsClient(s.es);
  const kafka = createKafkaClient(s.brokers, 'sluice-cli', s.sasl);
  const rejected: DeadLetter[] = [];
  const hydrator = createHydrator({
    reader: createSnapshotReader({ pool: pg }),
    store: createDocumentStore(es, 'external_gte'),
    deadLetters: { park: (letters) => Promise.resolve(void rejected.push(...letters)) },
    metrics: createMetrics(),
    targets: createTargetResolver({
      resolve: (aliases) => resolveAliases(es, aliases),
      mappingOf: (index) => liveMapping(es, index),
      names: (p) => indexNames(p, s.indexPrefix),
      onMismatch: (_p, _index, message) => warn(message),
    }),
  });
  return {
    pg, es, kafka, hydrator, rejected,
    async close() {
      await pg.end().catch(() => undefined);
      await es.close().catch(() => undefined);
    },
  };
}
