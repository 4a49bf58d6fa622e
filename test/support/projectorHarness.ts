// Runs a real projector in-process against the running stack, isolated by its own dirty topics, dead-letter
// topic, consumer groups and index prefix. CDC topics are shared: the projector replays them from the start.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { waitFor } from '../../lib/waitFor.js';
import { createEsClient, type EsClient } from '../../projector/adapters/elasticsearch/client.js';
import { createPostgresPool } from '../../projector/adapters/postgres/pool.js';
import { loadProjectorConfig, settingsFrom } from '../../projector/config.js';
import type { Doc } from '../../projector/hydrate/bulkPlan.js';
import type { Projection } from '../../projector/projections/define.js';
import { createProjector, type Projector } from '../../projector/projector.js';
import type { SqlPool } from '../../projector/ports.js';
import { verifyProjection, type VerifyReport } from '../../projector/verify/verifyProjection.js';
import { isolatedNames, readAlias } from '../../lib/names.js';

export interface Harness {
  tag: string;
  projector: Projector;
  settings: ReturnType<typeof settingsFrom>;
  es: EsClient;
  projectorPool: SqlPool;
  admin: pg.Pool;
  doc(projection: string, id: string): Promise<Doc | undefined>;
  waitForDoc(projection: string, id: string, predicate: (doc: Doc | undefined) => boolean, timeoutMs?: number): Promise<Doc | undefined>;
  verify(projection: Projection): Promise<VerifyReport>;
  close(): Promise<void>;
}

/** Every index of a test prefix, all versions (a rebuild creates more than v1). */
export async function deleteIndexesWithPrefix(es: EsClient, prefix: string): Promise<void> {
  const rows = await es.cat.indices({ index: `${prefix}*`, format: 'json', h: 'index' }, { ignore: [404] }).catch(() => []);
  // Wildcard deletes are refused by default (action.destructive_requires_name): name each index.
  const indices = (Array.isArray(rows) ? rows : []).map((r) => r.index).filter((i): i is string => Boolean(i));
  if (indices.length > 0) await es.indices.delete({ index: indices }, { ignore: [404] }).catch(() => undefined);
}

export async function startHarness(): Promise<Harness> {
  const tag = `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const base = settingsFrom(loadProjectorConfig(process.env));
  const settings = { ...base, ...isolatedNames(tag), dirtyPartitions: 3 };
  const projector = createProjector(settings);
  await projector.start();
  const es = createEsClient(settings.esUrl);
  const projectorPool = createPostgresPool(settings.postgres);
  const admin = new pg.Pool({ host: settings.postgres.host, port: settings.postgres.port, database: settings.postgres.database, user: process.env['PG_ADMIN_USER'] ?? 'postgres', password: process.env['PG_ADMIN_PASSWORD'] ?? 'sluice-admin-dev', max: 5 });
  const doc = async (projection: string, id: string) => {
    const found = await es.get<Doc>({ index: readAlias(projection, `${tag}-`), id, realtime: true }, { ignore: [404] });
    return found.found ? found._source : undefined;
  };
  return {
    tag, projector, settings, es, projectorPool, admin, doc,
    waitForDoc: (projection, id, predicate, timeoutMs = 60_000) =>
      waitFor(async () => {
        const current = await doc(projection, id);
        return predicate(current) ? { current } : undefined;
      }, { timeoutMs, description: `${projection}/${id}` }).then((r) => r.current),
    verify: (projection) => verifyProjection({ projection, pg: projectorPool, es, indexPrefix: `${tag}-` }),
    async close() {
      await projector.stop();
      await projectorPool.end();
      await admin.end();
      await deleteIndexesWithPrefix(es, `${tag}-`);
      await es.close();
    },
  };
}
