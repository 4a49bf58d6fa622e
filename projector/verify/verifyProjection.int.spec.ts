// verify against the real Postgres and Elasticsearch: a seeded skewed store in a database of its own, its three
// reference projections built by verify's own repair into indexes of their own. Each branch is shown to fire on
// the damage that should trigger it (a deleted document, a wrong field under a higher external version, a stray
// document), a clean index reports nothing, progress is reported, and a document written after the snapshot is
// settled by the re-check instead of reported. The expected documents also come from the independent path
// (testkit/referenceDocs.ts), which must agree with the projections' own SQL on every document.
import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { withSecrets } from '../../lib/secrets.js';
import { ensureIndex } from '../../model/adapters/elasticsearch/indexes.js';
import type { EsClient } from '../../model/adapters/elasticsearch/client.js';
import type { Projection } from '../../model/projections/declaration.js';
import { customersProjection } from '../../model/projections/customers/customers.js';
import { ordersProjection } from '../../model/projections/orders/orders.js';
import { productsProjection } from '../../model/projections/products/products.js';
import { deleteIndexesWithPrefix, testEsClient } from '../../testkit/elasticsearch.js';
import { createAdminPool, createScratchDatabase, type ScratchDatabase } from '../../testkit/pg.js';
import { expectedDocuments } from '../../testkit/referenceDocs.js';
import { rootIds, seedSkewedStore } from '../../testkit/skewedStore.js';
import { diffPaths } from './diff.js';
import { createPostgresPool, hydratedDocuments, loadProjectorConfig, settingsFrom, verifyProjection, type ExpectedDocuments, type SqlPool, type VerifyProgress } from '../operations.js';

const prefix = `vf${randomBytes(3).toString('hex')}_`;
const alias = (p: Projection): string => `${prefix}${p.name}`;
let scratch: ScratchDatabase;
let admin: pg.Pool;
let pool: SqlPool;
let es: EsClient;

const verify = (projection: Projection, more: Partial<Parameters<typeof verifyProjection>[0]> = {}) =>
  verifyProjection({ projection, pg: pool, es, indexPrefix: prefix, settleMs: 1000, expected: expectedDocuments, ...more });

beforeAll(async () => {
  scratch = await createScratchDatabase('sluice_verify');
  admin = createAdminPool(scratch.name, 2);
  await seedSkewedStore(admin);
  pool = createPostgresPool({ ...settingsFrom(loadProjectorConfig(withSecrets(process.env))).postgres, database: scratch.name, max: 3 });
  es = testEsClient();
  for (const p of [ordersProjection, customersProjection, productsProjection]) {
    await ensureIndex(es, p, prefix);
    // An empty index: everything is missing, and verify's own repair builds it.
    const built = await verify(p, { repair: true, settleMs: 0 });
    expect(built.counts.missing).toBe(built.checked);
  }
});

afterAll(async () => {
  await deleteIndexesWithPrefix(es, prefix);
  await Promise.all([pool.end(), admin.end(), es.close()]);
  await scratch.drop();
});

describe('the independent path agrees with the projections on a skewed store', () => {
  it.each([
    ['orders', ordersProjection],
    ['customers', customersProjection],
    ['products', productsProjection],
  ])('%s: every document the same', async (_, projection) => {
    const ids = await rootIds(admin, projection.root.table);
    const [hydrated, reference] = await Promise.all([hydratedDocuments(pool, projection, ids), expectedDocuments(pool, projection, ids)]);
    expect(hydrated.size).toBe(ids.length);
    const differing = ids.filter((id) => diffPaths(hydrated.get(id), reference.get(id)).length > 0);
    for (const id of differing.slice(0, 3)) expect(reference.get(id)).toEqual(hydrated.get(id));
    expect(differing).toEqual([]);
  });
});

describe('sluice verify, whole alias', () => {
  it('a clean index: nothing missing, extra or stale, and progress reaches the total', async () => {
    const progress: VerifyProgress[] = [];
    const report = await verify(productsProjection, { pageSize: 5, onProgress: (p) => progress.push(p) });
    expect(report.counts).toEqual({ missing: 0, extra: 0, stale: 0 });
    expect(report.checked).toBe(12);
    expect(progress.map((p) => p.checked)).toEqual([5, 10, 12]);
    expect(progress.at(-1)).toMatchObject({ total: 12, missing: 0, extra: 0, stale: 0 });
  });

  it('a deleted document is missing, and --repair puts it back', async () => {
    const [id] = await rootIds(admin, 'customers');
    await es.delete({ index: alias(customersProjection), id: id!, refresh: true });
    expect(await verify(customersProjection)).toMatchObject({ missing: [id], counts: { missing: 1, extra: 0, stale: 0 } });
    expect((await verify(customersProjection, { repair: true })).repaired).toBe(1);
    expect((await verify(customersProjection)).counts).toEqual({ missing: 0, extra: 0, stale: 0 });
  });

  it('a wrong field written with a higher external version is stale, with its path', async () => {
    const ids = await rootIds(admin, 'orders');
    const id = ids[7]!;
    const held = await es.get<Record<string, unknown>>({ index: alias(ordersProjection), id });
    await es.index({ index: alias(ordersProjection), id, version: (held._version ?? 1) + 1000, version_type: 'external', document: { ...held._source, status: 'lost' }, refresh: true });
    expect(await verify(ordersProjection)).toMatchObject({ stale: [{ id, paths: ['status'] }], counts: { missing: 0, extra: 0, stale: 1 } });
    // Put right above the wrong version (a repair, versioned, rightly refuses to overwrite a newer document).
    const right = (await expectedDocuments(pool, ordersProjection, [id])).get(id)!;
    await es.index({ index: alias(ordersProjection), id, version: (held._version ?? 1) + 2000, version_type: 'external', document: right, refresh: true });
    expect((await verify(ordersProjection)).counts).toEqual({ missing: 0, extra: 0, stale: 0 });
  });

  it('a stray document (no row behind it) is extra, wherever it sorts', async () => {
    const strays = ['00000000-0000-4000-8000-000000000000', randomUUID(), 'ffffffff-ffff-4fff-bfff-ffffffffffff'];
    for (const id of strays) await es.index({ index: alias(productsProjection), id, document: { id, sku: 'STRAY', name: 'stray' }, refresh: true });
    const report = await verify(productsProjection);
    expect([...report.extra].sort()).toEqual([...strays].sort());
    expect(report.counts).toEqual({ missing: 0, extra: 3, stale: 0 });
    for (const id of strays) await es.delete({ index: alias(productsProjection), id, refresh: true });
  });

  it('a document written after the snapshot is settled by the re-check, and reported without it', async () => {
    const ids = await rootIds(admin, 'orders');
    const late = ids.at(-1)!;
    // Acts as a live projector would, once the snapshot is taken: the row changes and the index follows it.
    const racing = (): ExpectedDocuments => {
      let done = false;
      return async (db, projection, page) => {
        if (!done) {
          done = true;
          await admin.query("UPDATE orders SET note = 'written late', version = version + 1 WHERE id = $1", [late]);
          const fresh = await hydratedDocuments(pool, projection, [late]);
          await es.index({ index: alias(ordersProjection), id: late, document: fresh.get(late)!, refresh: true });
        }
        return expectedDocuments(db, projection, page);
      };
    };
    expect((await verify(ordersProjection, { pageSize: 50, expected: racing(), settleMs: 0 })).stale.map((s) => s.id)).toEqual([late]);
    await admin.query("UPDATE orders SET note = 'written later', version = version + 1 WHERE id = $1", [late]);
    const fresh = await hydratedDocuments(pool, ordersProjection, [late]);
    await es.index({ index: alias(ordersProjection), id: late, document: fresh.get(late)!, refresh: true });
    expect((await verify(ordersProjection, { pageSize: 50, expected: racing() })).counts).toEqual({ missing: 0, extra: 0, stale: 0 });
  });

  it('ids mode judges only the ids given', async () => {
    const id = randomUUID();
    await es.index({ index: alias(customersProjection), id, document: { id, name: 'stray' }, refresh: true });
    const [first] = await rootIds(admin, 'customers');
    expect((await verify(customersProjection, { ids: [first!] })).counts).toEqual({ missing: 0, extra: 0, stale: 0 });
    expect(await verify(customersProjection, { ids: [first!, id] })).toMatchObject({ extra: [id] });
    await es.delete({ index: alias(customersProjection), id, refresh: true });
  });
});
