// The one way tests and benchmarks run a real projector in-process against the running stack, isolated by the names
// of lib/names.ts `isolatedNames(tag)`: its own dirty topics, dead-letter topic, consumer groups and index prefix.
// Only the CDC topics are shared. By default the resolve group starts at their current end, so the test's own writes
// are the stream (a replay of the shared history takes long and replays other suites' fan-out); `from: 'start'`
// replays them. The projector can be stopped and started again (a fresh instance, fresh metrics, optional fault
// hooks), and `close` removes everything the tag named: indexes, topics, groups.
import { randomBytes } from 'node:crypto';
import type { Admin } from 'kafkajs';
import type pg from 'pg';
import { waitFor } from '../lib/waitFor.js';
import { consumerGroups, dirtyTopic, isolatedNames, readAlias, readModelGroup } from '../lib/names.js';
import { createEsClient, type EsClient } from '../model/adapters/elasticsearch/client.js';
import { createPostgresPool, createProjector, loadProjectorConfig, recheckIds, settingsFrom, verifyProjection } from '../projector/operations.js';
import type { Projector, ProjectorSettings, SqlPool, VerifyReport } from '../projector/operations.js';
import { capturedTopics, eventProjections } from '../model/registry.js';
import { withSecrets } from '../lib/secrets.js';
import type { Doc } from '../model/bulk/bulkPlan.js';
import type { Projection } from '../model/projections/declaration.js';
import { projections } from '../model/registry.js';
import { deleteIndexesWithPrefix, testEsAccess } from './elasticsearch.js';
import { startGroupAtEnd, testKafka, testSasl } from './kafka.js';
import { createAdminPool } from './pg.js';

/** What `settingsFrom` reads from the environment, with the isolated names and the test's overrides. */
export type IsolatedSettings = ReturnType<typeof settingsFrom> & ProjectorSettings;

export interface IsolatedOptions {
  /** First letters of the tag, so leftovers say which suite made them. */
  label?: string;
  /** Where the resolve group starts on the shared CDC topics: their current `end` (default) or the `start`. */
  from?: 'end' | 'start';
  /** Settings this test needs otherwise (partitions, column routing, projections). */
  settings?: Partial<ProjectorSettings>;
  /** Start a projector right away (default true). */
  start?: boolean;
}

export interface IsolatedProjector {
  tag: string;
  settings: IsolatedSettings;
  es: EsClient;
  /** Postgres as the projector's own role (read-only): fresh builds to compare documents with. */
  projectorPool: SqlPool;
  /** Postgres as superuser, for writing the test's data. */
  admin: pg.Pool;
  kafka: Admin;
  /** The running projector (undefined while stopped). */
  projector: Projector | undefined;
  /** Starts a fresh projector; `extra` adds settings for this instance only (a fault hook). */
  start(extra?: Partial<ProjectorSettings>): Promise<Projector>;
  stop(): Promise<void>;
  /** Environment under which the real `sluice` command operates on this projector's topics, groups and indexes. */
  cliEnv: Record<string, string>;
  /** A document and its Elasticsearch version, read in real time through the read alias. */
  doc(projection: string, id: string): Promise<{ doc: Doc; version: number } | undefined>;
  waitForDoc(projection: string, id: string, predicate: (doc: Doc | undefined) => boolean, timeoutMs?: number): Promise<Doc | undefined>;
  /** The whole index against Postgres, or only `ids` (an index fed from the end holds only what changed since). */
  verify(projection: Projection, ids?: readonly string[]): Promise<VerifyReport>;
  /** The hydrate group has committed the end of every partition of the projection's dirty topic. */
  caughtUp(projection: Projection): Promise<boolean>;
  close(): Promise<void>;
}

export async function startIsolatedProjector({ label = 't', from = 'end', settings: overrides = {}, start = true }: IsolatedOptions = {}): Promise<IsolatedProjector> {
  const tag = `${label}${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  // Kafka as the admin principal: the projector's own may touch only the real projector's topics and groups, not the
  // tag's. Elasticsearch as the real projector user (the development roles allow any index prefix); the test's own
  // client, which drops the indexes afterwards, as the superuser.
  const sasl = testSasl();
  const settings = { ...settingsFrom(loadProjectorConfig(withSecrets(process.env))), ...isolatedNames(tag), dirtyPartitions: 3, summaryBuild: 'always', summaryBuildDirties: false, ...(sasl ? { sasl } : {}), ...overrides } as IsolatedSettings;
  const groups = consumerGroups(settings.groupPrefix);
  if (from === 'end') await startGroupAtEnd(testKafka(), groups.resolve, capturedTopics(settings.topicPrefix));
  const kafka = testKafka().admin();
  await kafka.connect();
  const es = createEsClient(testEsAccess());
  const projectorPool = createPostgresPool({ ...settings.postgres, max: 4 });
  const admin = createAdminPool();
  const alias = (projection: string) => readAlias(projection, settings.indexPrefix);
  const iso: IsolatedProjector = {
    tag, settings, es, projectorPool, admin, kafka, projector: undefined,
    cliEnv: { PROJECTOR_TOPIC_PREFIX: tag, PROJECTOR_GROUP_PREFIX: settings.groupPrefix, PROJECTOR_INDEX_PREFIX: settings.indexPrefix, LOG_LEVEL: 'silent', ...(sasl ? { KAFKA_PROJECTOR_USER: sasl.username, KAFKA_PROJECTOR_PASSWORD: sasl.password } : {}) },
    async start(extra = {}) {
      const projector = createProjector({ ...settings, ...extra });
      await projector.start();
      iso.projector = projector;
      return projector;
    },
    async stop() {
      await iso.projector?.stop();
      iso.projector = undefined;
    },
    async doc(projection, id) {
      const found = await es.get<Doc>({ index: alias(projection), id, realtime: true }, { ignore: [404] });
      return found.found && found._source ? { doc: found._source, version: found._version ?? 0 } : undefined;
    },
    waitForDoc: (projection, id, predicate, timeoutMs = 60_000) =>
      waitFor(async () => {
        const current = (await iso.doc(projection, id))?.doc;
        return predicate(current) ? { current } : undefined;
      }, { timeoutMs, description: `${projection}/${id}` }).then((r) => r.current),
    verify: (projection, ids) =>
      ids
        ? recheckIds({ projection, pg: projectorPool, es, index: alias(projection.name) }, ids)
        : verifyProjection({ projection, pg: projectorPool, es, indexPrefix: settings.indexPrefix }),
    async caughtUp(projection) {
      const topic = dirtyTopic(settings.dirtyPrefix, projection.name);
      const ends = await kafka.fetchTopicOffsets(topic);
      const [committed] = await kafka.fetchOffsets({ groupId: groups.hydrate, topics: [topic] });
      const at = new Map((committed?.partitions ?? []).map((p) => [p.partition, p.offset]));
      return ends.every((p) => p.high === '0' || at.get(p.partition) === p.high);
    },
    async close() {
      await iso.stop();
      await Promise.all([projectorPool.end(), admin.end()]);
      await deleteIndexesWithPrefix(es, settings.indexPrefix);
      await es.close();
      await kafka.deleteTopics({ topics: projections.map((p) => dirtyTopic(settings.dirtyPrefix, p.name)).concat(settings.dlqTopic) }).catch(() => undefined);
      await kafka.deleteGroups([groups.resolve, groups.hydrate, ...eventProjections.map((p) => readModelGroup(settings.groupPrefix, p.group))]).catch(() => undefined);
      await kafka.disconnect();
    },
  };
  if (start) await iso.start();
  return iso;
}

