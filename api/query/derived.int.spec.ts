// A projection declared only in a test (testkit/queryDeclarations.ts, never registered) is served by the
// query API from its declaration alone: list, filters, ranges, full text, sorts, facets, paging, get by id, 400s
// naming the field and its OpenAPI paths, against real Elasticsearch (scratch indexes with the projector's mapping).
import { waitFor } from '../../lib/waitFor.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { deliveriesProjection, parcelsProjection, registeredProjections } from '../../testkit/queryDeclarations.js';
import { createScratchIndexes, testEsClient, startQueryApp, type QueryClient } from '../../testkit/queryApp.js';
import { readAlias } from '../../lib/names.js';

const prefix = `qd${randomBytes(4).toString('hex')}-`;
const es = testEsClient();
const served = [...registeredProjections, deliveriesProjection, parcelsProjection];
let api: QueryClient;
let indexes: string[];

const CARRIERS = ['dhl', 'ups', 'fedex'] as const;
const CITIES = ['Paris', 'Lyon', 'New York', 'Oslo'] as const;
const deliveries = Array.from({ length: 45 }, (_, i) => ({
  id: randomUUID(),
  carrier: CARRIERS[i % 3]!,
  trackingNumber: `TRK${1000 + i}`,
  shippedAt: new Date(Date.UTC(2026, 0, 1 + (i % 30), i % 24)).toISOString(),
  order: { id: randomUUID(), status: i % 2 ? 'shipped' : 'paid', totalCents: 1000 + 37 * i, note: i === 7 ? 'leave at the blue door' : 'ring twice', customer: { id: randomUUID(), name: `Customer ${i} ${i % 5 ? 'Smith' : 'Lovelace'}`, city: CITIES[i % 4]! } },
  categories: i % 4 ? ['books'] : ['books', 'garden'],
}));
type Delivery = (typeof deliveries)[number];
// Six parcels: sku a in four of them (twice in one), b in three, c in one; shipped on 1 to 6 January.
const SKUS = [['a', 'a', 'b'], ['a'], ['a', 'b'], ['b'], ['a', 'c'], []] as const;
const parcels = SKUS.map((skus, i) => ({ id: randomUUID(), shippedAt: new Date(Date.UTC(2026, 0, 1 + i, 12)).toISOString(), lines: skus.map((sku) => ({ sku, quantity: 1 })) }));
const ids = (items: readonly { id: string }[]) => items.map((d) => d.id).sort();

beforeAll(async () => {
  indexes = await createScratchIndexes(es, prefix, {}, served);
  await es.bulk({ refresh: 'wait_for', operations: deliveries.flatMap((d) => [{ index: { _index: readAlias('deliveries', prefix), _id: d.id } }, d]) });
  await es.bulk({ refresh: 'wait_for', operations: parcels.flatMap((d) => [{ index: { _index: readAlias('parcels', prefix), _id: d.id } }, d]) });
  api = await startQueryApp(prefix, { projections: served });
});

afterAll(async () => {
  await api?.close();
  await es.indices.delete({ index: indexes }, { ignore: [404] });
  await es.close();
});

it('lists with the declared default sort and pages with the cursor through every document exactly once, facets adding up', async () => {
  const seen: Delivery[] = [];
  let cursor: string | null = null;
  let first: { total: number; facets: Record<string, { value: string; count: number }[]> } | undefined;
  do {
    const page = await api.get(`/deliveries?size=10${cursor ? `&cursor=${cursor}` : ''}`);
    expect(page.status).toBe(200);
    first ??= page.body;
    seen.push(...page.body.items);
    cursor = page.body.cursor;
  } while (cursor);
  expect(ids(seen)).toEqual(ids(deliveries));
  expect(seen.map((d) => d.shippedAt)).toEqual(deliveries.map((d) => d.shippedAt).sort().reverse());
  expect(first!.total).toBe(45);
  expect(first!.facets['carrier']).toEqual(expect.arrayContaining(CARRIERS.map((c) => ({ value: c, count: 15 }))));
  expect(first!.facets['orderCustomerCity']).toHaveLength(4);
  expect(first!.facets['categories']).toEqual([{ value: 'books', count: 45 }, { value: 'garden', count: 12 }]);
});

it('filters on exact values (a search field through its keyword), numeric and date ranges, and arrays', async () => {
  const res = await api.get(`/deliveries?carrier=ups&orderCustomerCity=${encodeURIComponent('New York')}&minOrderTotalCents=1100&maxOrderTotalCents=2500&shippedAtFrom=2026-01-02T00:00:00Z&shippedAtTo=2026-01-30T00:00:00Z&size=100`);
  expect(res.status).toBe(200);
  const expected = deliveries.filter(
    (d) => d.carrier === 'ups' && d.order.customer.city === 'New York' && d.order.totalCents >= 1100 && d.order.totalCents <= 2500 && d.shippedAt >= '2026-01-02T00:00:00.000Z' && d.shippedAt < '2026-01-30T00:00:00.000Z',
  );
  expect(expected.length).toBeGreaterThan(0);
  expect(ids(res.body.items)).toEqual(ids(expected));
  const garden = await api.get('/deliveries?categories=garden&orderStatus=paid&size=100');
  expect(ids(garden.body.items)).toEqual(ids(deliveries.filter((d) => d.categories.includes('garden') && d.order.status === 'paid')));
});

it('searches q over the searchable fields only, and sorts on a declared field', async () => {
  expect(ids((await api.get('/deliveries?q=lovelace&size=100')).body.items)).toEqual(ids(deliveries.filter((_, i) => i % 5 === 0)));
  expect((await api.get('/deliveries?q=blue%20door')).body.items.map((d: Delivery) => d.trackingNumber)).toEqual(['TRK1007']);
  expect((await api.get('/deliveries?q=dhl')).body.total).toBe(0);
  const sorted = await api.get('/deliveries?sort=orderTotalCents:asc&size=5');
  expect(sorted.body.items.map((d: Delivery) => d.order.totalCents)).toEqual([1000, 1037, 1074, 1111, 1148]);
});

it('gets a document by id, 404 problem for an unknown one', async () => {
  expect((await api.get(`/deliveries/${deliveries[3]!.id}`)).body).toEqual(deliveries[3]);
  const missing = await api.get(`/deliveries/${randomUUID()}`);
  expect(missing.status).toBe(404);
  expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
});

it.each([
  ['minOrderTotalCents=1e9', 'minOrderTotalCents'],
  ['shippedAtTo=yesterday', 'shippedAtTo'],
  ['sort=trackingNumber:asc', 'sort'],
  ['carrier=d%00hl', 'carrier'],
  ['aggs=x', 'aggs'],
])('GET /deliveries?%s is a 400 problem naming %s', async (query, field) => {
  const reply = await api.get(`/deliveries?${query}`);
  expect(reply.status).toBe(400);
  expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(reply.body.errors.map((e: { path: string }) => e.path)).toEqual([field]);
});

it('documents the test-only routes next to the registered ones, and /ready checks its alias', async () => {
  const paths = Object.keys((await api.get('/openapi.json', { key: null })).body.paths);
  expect(paths).toEqual(expect.arrayContaining(['/deliveries', '/deliveries/{id}', '/orders', '/orders/{id}']));
  expect((await api.get('/ready', { key: null })).status).toBe(200);
  await es.indices.deleteAlias({ index: indexes.find((i) => i.includes('deliveries'))!, name: readAlias('deliveries', prefix) });
  // /ready reuses its answer for a second; the missing alias is named in the log, never in the answer.
  const ready = await waitFor(async () => {
    const r = await api.get('/ready', { key: null });
    return r.status === 503 ? r : undefined;
  }, { timeoutMs: 10_000, description: '/ready 503 after the alias is gone' });
  expect(JSON.stringify(ready.body)).not.toContain(readAlias('deliveries', prefix));
});

it('facets a field inside many by the documents holding each value, filters on it, answers size=0 with facets only, and takes a plain date', async () => {
  const all = await api.get('/parcels?size=0');
  expect(all.status).toBe(200);
  expect(all.body).toMatchObject({ items: [], total: 6, cursor: null });
  expect(all.body.facets['sku']).toEqual([{ value: 'a', count: 4 }, { value: 'b', count: 3 }, { value: 'c', count: 1 }]);
  const withB = await api.get('/parcels?sku=b&sort=shippedAt:asc');
  expect(withB.body.items.map((p: { id: string }) => p.id)).toEqual([parcels[0]!.id, parcels[2]!.id, parcels[3]!.id]);
  expect(withB.body.facets['sku']).toEqual([{ value: 'a', count: 2 }, { value: 'b', count: 3 }]);
  const fromThird = await api.get('/parcels?shippedAtFrom=2026-01-03&shippedAtTo=2026-01-05&sort=shippedAt:asc');
  expect(fromThird.body.items.map((p: { id: string }) => p.id)).toEqual([parcels[2]!.id, parcels[3]!.id]);
  const bad = await api.get('/parcels?shippedAtFrom=2026-13-01');
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body)).toContain('shippedAtFrom');
});
