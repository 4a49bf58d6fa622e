// docs/reliability.md T12/T17 against the real writer: documents built from real Postgres snapshots, written
// through the hydrator and document store into a real index. A write replayed from an older snapshot must lose
// (409, counted as a benign conflict) whatever order it arrives in, and must not bring a deleted document back.
import { randomUUID } from 'node:crypto';
import { createAdminPool } from '../testkit/pg.js';
import { testEsClient } from '../testkit/elasticsearch.js';
import { createDocumentStore } from './adapters/elasticsearch/documentStore.js';
import { ensureIndex } from '../model/adapters/elasticsearch/indexes.js';
import { createPostgresPool } from './adapters/postgres/pool.js';
import { loadProjectorConfig, settingsFrom } from './config.js';
import { planBulk } from '../model/bulk/bulkPlan.js';
import { createHydrator } from './hydrate/hydrator.js';
import { createSnapshotReader, type SnapshotRead } from './hydrate/snapshotReader.js';
import { GC_DELETES } from '../model/bulk/versioning.js';
import { createMetrics } from './metrics.js';
import { ordersProjection } from '../model/projections/orders/orders.js';
import type { DeadLetter } from './ports.js';

const settings = settingsFrom(loadProjectorConfig(process.env));
const es = testEsClient();
const pool = createPostgresPool(settings.postgres);
const admin = createAdminPool();
const prefix = `t12${randomUUID().slice(0, 8)}-`;
const index = `${prefix}orders_v${ordersProjection.version}`;
const alias = `${prefix}orders`;
const [customer, product, order] = [randomUUID(), randomUUID(), randomUUID()];

beforeAll(async () => {
  await ensureIndex(es, ordersProjection, prefix);
  await admin.query(`INSERT INTO customers (id, name, email) VALUES ($1, 'Versions', $2)`, [customer, `${customer}@example.com`]);
  await admin.query(`INSERT INTO products (id, sku, name, category, price_cents, stock) VALUES ($1, $2, 'Clock', 'time', 500, 10)`, [product, `SKU-${product}`]);
});
afterAll(async () => {
  await admin.query('DELETE FROM orders WHERE id = $1', [order]);
  await admin.query('DELETE FROM customers WHERE id = $1', [customer]);
  await admin.query('DELETE FROM products WHERE id = $1', [product]);
  await es.indices.delete({ index }, { ignore: [404] });
  await Promise.all([es.close(), pool.end(), admin.end()]);
});

const snapshot = (): Promise<SnapshotRead> => createSnapshotReader({ pool }).read(ordersProjection, [order], []);

/** Writes exactly what `read` built, as a replay or a late retry of that snapshot would. */
async function replay(read: SnapshotRead) {
  const metrics = createMetrics();
  const letters: DeadLetter[] = [];
  const hydrator = createHydrator({
    reader: { read: async () => read },
    store: createDocumentStore(es),
    deadLetters: { park: async (l) => void letters.push(...l) },
    metrics,
    targets: async () => [alias],
  });
  await hydrator.hydrate(ordersProjection, [{ id: order, txIds: [], tsMs: null, topic: 'replay', partition: 0, offset: '0' }], async () => true);
  const count = async (c: typeof metrics.conflicts | typeof metrics.documentsWritten) => (await c.get()).values.reduce((s, v) => s + v.value, 0);
  return { written: await count(metrics.documentsWritten), conflicts: await count(metrics.conflicts), letters };
}

const current = async () => {
  const found = await es.get<Record<string, unknown>>({ index: alias, id: order, realtime: true }, { ignore: [404] });
  return found.found ? { version: found._version, doc: found._source } : undefined;
};

describe('T12: snapshot versions in the real Elasticsearch writer', () => {
  let pending: SnapshotRead;
  let paid: SnapshotRead;

  it('keeps the newer document when an older snapshot is written after it', async () => {
    await admin.query(`INSERT INTO orders (id, customer_id, total_cents) VALUES ($1, $2, 500)`, [order, customer]);
    await admin.query(`INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents) VALUES ($1, $2, 1, 500)`, [order, product]);
    pending = await snapshot();
    await admin.query(`UPDATE orders SET status = 'paid', paid_at = now(), version = version + 1 WHERE id = $1`, [order]);
    paid = await snapshot();
    expect(paid.version).toBeGreaterThan(pending.version);

    expect(await replay(paid)).toEqual({ written: 1, conflicts: 0, letters: [] });
    expect(await replay(pending)).toEqual({ written: 0, conflicts: 1, letters: [] });
    const [raw] = await createDocumentStore(es).bulk(alias, planBulk([order], pending.docs, pending.version));
    expect(raw).toMatchObject({ id: order, status: 409 });
    const now = await current();
    expect(now?.version).toBe(paid.version);
    expect(now?.doc).toMatchObject({ status: 'paid', version: 2 });
  });

  it('treats a duplicate of the same snapshot as a benign no-op', async () => {
    expect(await replay(paid)).toEqual({ written: 0, conflicts: 1, letters: [] });
    expect((await current())?.doc).toEqual(paid.docs.get(order));
  });

  it('does not resurrect a deleted document with an older snapshot', async () => {
    await admin.query('DELETE FROM orders WHERE id = $1', [order]);
    const gone = await snapshot();
    expect(gone.docs.has(order)).toBe(false);
    expect(await replay(gone)).toEqual({ written: 1, conflicts: 0, letters: [] });
    expect(await replay(paid)).toEqual({ written: 0, conflicts: 1, letters: [] });
    expect(await replay(pending)).toEqual({ written: 0, conflicts: 1, letters: [] });
    await es.indices.refresh({ index: alias });
    expect(await current()).toBeUndefined();
    expect((await es.count({ index: alias, query: { ids: { values: [order] } } })).count).toBe(0);
  });

  it('remembers delete tombstones for the gc_deletes the versioning argument relies on', async () => {
    const live = await es.indices.getSettings({ index, name: 'index.gc_deletes' });
    expect(live[index]?.settings?.index?.gc_deletes).toBe(GC_DELETES);
  });
});
