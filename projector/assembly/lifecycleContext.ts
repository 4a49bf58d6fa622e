// The clients and the hydrator the operator's commands (rebuild, verify, reproject, replay) work with: the same
// adapters and the same target resolution as the live projector (hydration.ts), from the projector's settings.
// bin/projectionCommands.ts builds one per command; tests and the fault suite do the same.
import { createEsClient, type EsClient } from '../../model/adapters/elasticsearch/client.js';
import { createKafkaClient, type KafkaClient } from '../../model/adapters/kafka/client.js';
import { createPostgresPool } from '../adapters/postgres/pool.js';
import type { settingsFrom } from '../config.js';
import type { Hydrator } from '../hydrate/hydrator.js';
import { createMetrics } from '../metrics.js';
import type { DeadLetter, SqlPool } from '../ports.js';
import { wireHydrator } from './hydration.js';

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
  const hydrator = wireHydrator({
    es, pool: pg, indexPrefix: s.indexPrefix, metrics: createMetrics(), versionType: 'external_gte',
    deadLetters: { park: (letters) => Promise.resolve(void rejected.push(...letters)) },
    onMismatch: (_p, _index, message) => warn(message),
  });
  return {
    pg, es, kafka, hydrator, rejected,
    async close() {
      await pg.end().catch(() => undefined);
      await es.close().catch(() => undefined);
    },
  };
}
