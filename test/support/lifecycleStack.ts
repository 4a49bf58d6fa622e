// An isolated stack for the reproject and replay tests: its own dirty topics, dead-letter topic, consumer groups
// and index prefix; the resolve group starts at the current end of the shared CDC topics. The projector can be
// stopped and started again (a fresh instance, fresh metrics) because replay needs an empty hydrate group.
// Topic names follow `sluice` itself (`<PROJECTOR_TOPIC_PREFIX>.dirty.<projection>`), so `cliEnv` points the
// real command at this stack.
import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { waitFor } from '../../lib/waitFor.js';
import { createEsClient, type EsClient } from '../../projector/adapters/elasticsearch/client.js';
import { capturedTables } from '../../projector/cdc/tables.js';
import { loadProjectorConfig, settingsFrom } from '../../projector/config.js';
import type { Doc } from '../../projector/hydrate/bulkPlan.js';
import { createLifecycleContext, type LifecycleContext } from '../../projector/lifecycle/context.js';
import type { Projection } from '../../projector/projections/define.js';
import { projections } from '../../projector/projections/index.js';
import { createProjector, type Projector } from '../../projector/projector.js';
import { recheckIds } from '../../projector/verify/recheck.js';
import type { VerifyReport } from '../../projector/verify/verifyProjection.js';
import { createAdminPool } from './pg.js';
import { testKafka } from './kafka.js';
import { deleteIndexesWithPrefix } from './projectorHarness.js';
import { cdcTopic, consumerGroups, dirtyTopic, readAlias } from '../../lib/names.js';

export interface LifecycleStack {
  tag: string;
  settings: ReturnType<typeof settingsFrom>;
  /** The wiring `sluice reproject | replay` builds, for this stack's prefix. */
  ctx: LifecycleContext;
  es: EsClient;
  admin: pg.Pool;
  /** The running projector (undefined while stopped). */
  projector: Projector | undefined;
  start(): Promise<Projector>;
  stop(): Promise<void>;
  /** Environment under which the real `sluice` command operates on this stack. */
  cliEnv: Record<string, string>;
  doc(projection: string, id: string): Promise<{ doc: Doc; version: number } | undefined>;
  /** Verify restricted to `ids` (the stack only holds what changed since it started). */
  recheck(projection: Projection, ids: readonly string[]): Promise<VerifyReport>;
  /** The hydrate group has committed the end of every partition of the projection's dirty topic. */
  caughtUp(projection: Projection): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Commits `groupId` at the current end of `topics` before the group ever runs. One member joins once and commits
 * every partition: admin.setOffsets joins the group once per topic (about 5 s each).
 */
async function commitAtEnd(groupId: string, wanted: readonly string[]): Promise<void> {
  const kafka = testKafka();
  const admin = kafka.admin();
  await admin.connect();
  const existing = new Set(await admin.listTopics());
  const topics = wanted.filter((t) => existing.has(t));
  const offsets = (await Promise.all(topics.map(async (topic) => (await admin.fetchTopicOffsets(topic)).map((p) => ({ topic, partition: p.partition, offset: p.high }))))).flat();
  await admin.disconnect();
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

export async function startLifecycleStack(): Promise<LifecycleStack> {
  const tag = `lc${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const base = settingsFrom(loadProjectorConfig(process.env));
  const settings = { ...base, dirtyPrefix: `${tag}.dirty`, dlqTopic: `${tag}.dlq`, groupPrefix: `test-${tag}`, indexPrefix: `${tag}-`, dirtyPartitions: 3 };
  const kafka = testKafka().admin();
  await kafka.connect();
  await commitAtEnd(consumerGroups(settings.groupPrefix).resolve, Object.keys(capturedTables).map((t) => cdcTopic({ prefix: settings.topicPrefix }, t)));
  const es = createEsClient(settings.esUrl);
  const admin = createAdminPool();
  const ctx = createLifecycleContext(settings, () => undefined);
  const stack: LifecycleStack = {
    tag, settings, ctx, es, admin, projector: undefined,
    cliEnv: { PROJECTOR_TOPIC_PREFIX: tag, PROJECTOR_GROUP_PREFIX: settings.groupPrefix, PROJECTOR_INDEX_PREFIX: settings.indexPrefix, LOG_LEVEL: 'silent' },
    async start() {
      const projector = createProjector(settings);
      await projector.start();
      stack.projector = projector;
      return projector;
    },
    async stop() {
      await stack.projector?.stop();
      stack.projector = undefined;
    },
    async doc(projection, id) {
      const found = await es.get<Doc>({ index: readAlias(projection, `${tag}-`), id, realtime: true }, { ignore: [404] });
      return found.found && found._source ? { doc: found._source, version: found._version ?? 0 } : undefined;
    },
    recheck: (projection, ids) => recheckIds({ projection, pg: ctx.pg, es, index: readAlias(projection.name, `${tag}-`) }, ids),
    async caughtUp(projection) {
      const topic = dirtyTopic(settings.dirtyPrefix, projection.name);
      const ends = await kafka.fetchTopicOffsets(topic);
      const [committed] = await kafka.fetchOffsets({ groupId: consumerGroups(settings.groupPrefix).hydrate, topics: [topic] });
      const at = new Map((committed?.partitions ?? []).map((p) => [p.partition, p.offset]));
      return ends.every((p) => p.high === '0' || at.get(p.partition) === p.high);
    },
    async close() {
      await stack.stop();
      await ctx.close();
      await admin.end();
      await deleteIndexesWithPrefix(es, `${tag}-`);
      await es.close();
      await kafka.deleteTopics({ topics: projections.map((p) => dirtyTopic(settings.dirtyPrefix, p.name)).concat(settings.dlqTopic) }).catch(() => undefined);
      await kafka.deleteGroups([consumerGroups(settings.groupPrefix).resolve, consumerGroups(settings.groupPrefix).hydrate]).catch(() => undefined);
      await kafka.disconnect();
    },
  };
  await stack.start();
  return stack;
}

/** A customer, a product, and `n` orders of that customer with one line each, written as admin. */
export async function seedOrders(admin: pg.Pool, n: number): Promise<{ customerId: string; productId: string; orderIds: string[] }> {
  const [customerId, productId] = [randomUUID(), randomUUID()];
  await admin.query(`INSERT INTO customers (id, name, email, city) VALUES ($1, 'Lifecycle', $2, 'Bergen')`, [customerId, `${customerId}@example.com`]);
  await admin.query(`INSERT INTO products (id, sku, name, category, price_cents, stock) VALUES ($1, $2, 'Lamp', 'home', 700, 1000)`, [productId, `SKU-${productId}`]);
  const orderIds = Array.from({ length: n }, () => randomUUID());
  for (const id of orderIds) {
    await admin.query(
      `WITH o AS (INSERT INTO orders (id, customer_id, total_cents) VALUES ($1, $2, 700) RETURNING id)
       INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents) SELECT id, $3, 1, 700 FROM o`,
      [id, customerId, productId],
    );
  }
  return { customerId, productId, orderIds };
}

/** Waits until every id's document is in the index and equal to Postgres. */
export async function waitConverged(stack: LifecycleStack, projection: Projection, ids: readonly string[], timeoutMs = 60_000): Promise<VerifyReport> {
  return waitFor(async () => {
    const r = await stack.recheck(projection, ids);
    return r.missing.length + r.extra.length + r.stale.length === 0 ? r : undefined;
  }, { timeoutMs, intervalMs: 300, description: `${projection.name} ${ids.length} id(s) equal to Postgres` });
}

/**
 * Completes `n` transactions that change nothing. Writes to Elasticsearch carry the version of the Postgres
 * snapshot they were built from (versioning.ts), and a hand-made write there bumps a document's version by one:
 * a re-hydration wins only with a snapshot that saw more transactions. A live database always has them; a quiet
 * test database may not, and the test should not depend on other suites' traffic.
 */
export async function completeTransactions(admin: pg.Pool, n = 3): Promise<void> {
  for (let i = 0; i < n; i++) await admin.query('SELECT pg_current_xact_id()');
}
