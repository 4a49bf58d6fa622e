// docs/reliability.md T01: a projector dies after Elasticsearch acknowledged a bulk but before the offset commit
// (and, as the control, before the bulk). A restarted projector replays from the last commit and converges: the
// test's documents equal a fresh build from Postgres, nothing is dead-lettered, replayed writes are at worst benign
// 409s. Each run has its own groups, topics and indexes, and its resolve group starts at the current end of the
// shared CDC topics: the test's own writes are the stream, not every earlier suite's history.
import { randomBytes, randomUUID } from 'node:crypto';
import { waitFor } from '../lib/waitFor.js';
import { startGroupAtEnd, testKafka } from '../test/support/kafka.js';
import { createAdminPool } from '../test/support/pg.js';
import { deleteIndexesWithPrefix } from '../test/support/projectorHarness.js';
import { createEsClient } from './adapters/elasticsearch/client.js';
import { createPostgresPool } from './adapters/postgres/pool.js';
import { capturedTables } from './cdc/tables.js';
import { loadProjectorConfig, settingsFrom } from './config.js';
import type { FaultHook, FaultPoint } from './hydrate/hydrateStage.js';
import { createSnapshotReader } from './hydrate/snapshotReader.js';
import type { ProjectorMetrics } from './metrics.js';
import { customersProjection } from './projections/customers/customers.js';
import type { Projection } from './projections/define.js';
import { ordersProjection } from './projections/orders/orders.js';
import { productsProjection } from './projections/products/products.js';
import { createProjector, type ProjectorSettings } from './projector.js';
import { diffPaths } from './verify/diff.js';
import { consumerGroups, isolatedNames, isolatedTopics } from '../lib/names.js';
import { projectionNames } from './projections/index.js';

const base = settingsFrom(loadProjectorConfig(process.env));
const es = createEsClient(base.esUrl);
const pool = createPostgresPool(base.postgres);
const admin = createAdminPool();
const kafka = testKafka().admin();
const tags: string[] = [];

beforeAll(() => kafka.connect());
afterAll(async () => {
  for (const tag of tags) {
    await deleteIndexesWithPrefix(es, `${tag}-`);
    await kafka.deleteTopics({ topics: isolatedTopics(tag, projectionNames) }).catch(() => undefined);
    await kafka.deleteGroups([consumerGroups(tag).resolve, consumerGroups(tag).hydrate]).catch(() => undefined);
  }
  await Promise.all([kafka.disconnect(), es.close(), pool.end(), admin.end()]);
});

/** Own groups, topics and indexes; the resolve group is committed at the CDC topics' current end. */
async function isolated(): Promise<ProjectorSettings> {
  const tag = `t01${randomBytes(4).toString('hex')}`;
  tags.push(tag);
  await startGroupAtEnd(kafka, consumerGroups(tag).resolve, Object.keys(capturedTables).map((table) => `${base.topicPrefix}.public.${table}`));
  return { ...base, ...isolatedNames(tag), groupPrefix: tag, dirtyPartitions: 3 };
}

/** The next offset the group would read on that partition (-1: nothing committed yet). */
async function committed(groupId: string, topic: string, partition: number): Promise<bigint> {
  const [offsets] = await kafka.fetchOffsets({ groupId, topics: [topic] });
  return BigInt(offsets?.partitions.find((p) => p.partition === partition)?.offset ?? '-1');
}

/** Crashes once at `point`; afterwards the instance is dead: every later batch fails before doing anything. */
function crashingAt(point: FaultPoint) {
  let crash: { topic: string; partition: number; offset: string } | undefined;
  const fault: FaultHook = (at, where) => {
    if (crash) throw new Error('fault: this instance has crashed');
    if (at !== point) return;
    crash = where;
    throw new Error(`fault: crash ${point}`);
  };
  return { fault, crashed: () => crash };
}

const hydrateLetters = async (m: ProjectorMetrics) =>
  (await m.deadLettered.get()).values.filter((v) => v.labels.stage === 'hydrate').reduce((sum, v) => sum + v.value, 0);
const total = async (c: ProjectorMetrics['deadLettered'] | ProjectorMetrics['documentsWritten'] | ProjectorMetrics['conflicts']) =>
  (await c.get()).values.reduce((sum, v) => sum + v.value, 0);

async function workload() {
  const [customer, product] = [randomUUID(), randomUUID()];
  await admin.query(`INSERT INTO customers (id, name, email) VALUES ($1, 'Crash Test', $2)`, [customer, `${customer}@example.com`]);
  await admin.query(`INSERT INTO products (id, sku, name, category, price_cents, stock) VALUES ($1, $2, 'Fuse', 'parts', 100, 1000)`, [product, `SKU-${product}`]);
  const orders = Array.from({ length: 40 }, () => randomUUID());
  for (const id of orders) {
    await admin.query(`INSERT INTO orders (id, customer_id, total_cents) VALUES ($1, $2, 100)`, [id, customer]);
    await admin.query(`INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents) VALUES ($1, $2, 1, 100)`, [id, product]);
  }
  await admin.query(`UPDATE orders SET status = 'paid', paid_at = now(), version = version + 1 WHERE id = ANY($1::uuid[])`, [orders.slice(0, 20)]);
  await admin.query('DELETE FROM orders WHERE id = ANY($1::uuid[])', [orders.slice(30)]);
  return new Map<Projection, string[]>([[ordersProjection, orders], [customersProjection, [customer]], [productsProjection, [product]]]);
}

/** Ids whose Elasticsearch document differs from a fresh build from one Postgres snapshot (absent counts). */
async function diverging(prefix: string, projection: Projection, ids: readonly string[]): Promise<string[]> {
  const { docs } = await createSnapshotReader({ pool }).read(projection, ids, []);
  const alias = `${prefix}${projection.name}`;
  const live = await es.mget<Record<string, unknown>>({ index: alias, ids: [...ids], realtime: true });
  return ids.filter((id, i) => {
    const hit = live.docs[i] as { found?: boolean; _source?: Record<string, unknown> } | undefined;
    const fresh = docs.get(id);
    return fresh ? !hit?.found || diffPaths(fresh, hit._source).length > 0 : hit?.found === true;
  });
}

async function converged(prefix: string, scope: Map<Projection, string[]>): Promise<void> {
  await waitFor(
    async () => {
      for (const [projection, ids] of scope) if ((await diverging(prefix, projection, ids)).length > 0) return false;
      return true;
    },
    { timeoutMs: 120_000, intervalMs: 500, description: 'documents equal a fresh build' },
  );
}

describe.each<FaultPoint>(['after-bulk', 'before-bulk'])('T01: projector crash %s, before the offset commit', (point) => {
  it('restarts from the last commit and converges with only benign conflicts', async () => {
    const settings = await isolated();
    const { fault, crashed } = crashingAt(point);
    const first = createProjector({ ...settings, fault });
    await first.start();
    const scope = await workload();
    const crash = await waitFor(crashed, { timeoutMs: 60_000, description: `a crash ${point}` });
    await first.stop();
    // The crashed chunk stays uncommitted: a restart must read it again.
    const groupId = consumerGroups(settings.groupPrefix).hydrate;
    expect(await committed(groupId, crash.topic, crash.partition)).toBeLessThanOrEqual(BigInt(crash.offset));

    const second = createProjector(settings);
    await second.start();
    try {
      await waitFor(async () => (await committed(groupId, crash.topic, crash.partition)) > BigInt(crash.offset), { timeoutMs: 120_000, description: 'crashed chunk replayed' });
      await converged(settings.indexPrefix, scope);
      await es.indices.refresh({ index: `${settings.indexPrefix}orders` });
      const ours = { ids: { values: scope.get(ordersProjection) ?? [] } };
      const paid = await es.count({ index: `${settings.indexPrefix}orders`, query: { bool: { filter: [ours, { term: { status: 'paid' } }] } } });
      expect(paid.count).toBe(20);
      expect(await hydrateLetters(first.metrics)).toBe(0);
      expect(await hydrateLetters(second.metrics)).toBe(0);
      // Only benign outcomes: the restarted projector rewrote the crashed chunk (every replayed item either
      // written, or a 409 against an equal or newer version, counted as benign), and nothing anywhere was parked.
      expect((await total(second.metrics.documentsWritten)) + (await total(second.metrics.conflicts))).toBeGreaterThan(0);
      expect(await total(first.metrics.deadLettered)).toBe(0);
      expect(await total(second.metrics.deadLettered)).toBe(0);
    } finally {
      await second.stop();
    }
  }, 180_000);
});
