// The query API's HTTP contract against real Elasticsearch, with documents this test indexes itself into scratch
// indexes (the projector's own mappings) behind its own aliases, and a progress document it controls.
import { randomBytes, randomUUID } from 'node:crypto';
import { encodePosition } from '../../lib/position.js';
import { TEST_KEYS, type Reply } from '../../testkit/commandApp.js';
import { createProgressIndex, createScratchIndexes, setProgress as setProgressOf, testEsClient, startQueryApp, type QueryClient } from '../../testkit/queryApp.js';
import { registeredProjections } from '../../testkit/queryDeclarations.js';
import { bulkLoadOrders, type SyntheticOrder } from '../../testkit/syntheticOrders.js';
import { progressIndex } from '../../lib/names.js';

const prefix = `qt${randomBytes(4).toString('hex')}-`;
const es = testEsClient();
let api: QueryClient;
let orders: SyntheticOrder[];
let indexes: string[];

const setProgress = (xmin: number, xmax: number) => setProgressOf(es, prefix, xmin, xmax);

beforeAll(async () => {
  indexes = await createScratchIndexes(es, prefix);
  await createProgressIndex(es, progressIndex(prefix));
  orders = await bulkLoadOrders(es, `${prefix}orders`, 137);
  await setProgress(100, 100);
  api = await startQueryApp(prefix);
});

afterAll(async () => {
  await api?.close();
  await es.indices.delete({ index: [...indexes, progressIndex(prefix)] }, { ignore: [404] });
  await es.close();
});

describe('GET /orders over real Elasticsearch', () => {
  it('pages with the cursor through every order exactly once, with facets that add up and freshness', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let first: Reply['body'];
    do {
      const page = await api.get(`/orders?size=10${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      first ??= page.body;
      seen.push(...page.body.items.map((o: { id: string }) => o.id));
      cursor = page.body.cursor;
    } while (cursor);
    expect(seen).toHaveLength(orders.length);
    expect(new Set(seen)).toEqual(new Set(orders.map((o) => o.id)));
    expect(first.total).toBe(orders.length);
    const statusCounts = Object.fromEntries(first.facets.status.map((f: { value: string; count: number }) => [f.value, f.count]));
    expect(statusCounts).toEqual({ pending: 35, paid: 34, shipped: 34, cancelled: 34 });
    expect(first.freshness.asOf).toEqual(expect.any(String));
    expect(first.freshness.lagMs).toBeGreaterThanOrEqual(0);
  });

  it('filters and searches: status + category + total range, and q over nested line sku', async () => {
    const target = orders[42]!;
    const bySku = await api.get(`/orders?q=${encodeURIComponent(target.lines[0]!.sku)}&size=100`);
    expect(bySku.body.items.map((o: { id: string }) => o.id)).toContain(target.id);
    const cat = target.categories[0]!;
    const res = await api.get(`/orders?status=${target.status}&category=${cat}&minTotalCents=${target.totalCents}&maxTotalCents=${target.totalCents}&size=100`);
    const expected = orders.filter((o) => o.status === target.status && o.categories.includes(cat) && o.totalCents === target.totalCents);
    expect(res.body.total).toBe(expected.length);
  });

  it('answers q syntax bombs literally: 200 (or 400), never 500, and no match-everything', async () => {
    for (const q of ['*:* OR tenant:*', '(', 'a~10 b~10 c~10', '/.*.*.*/', 'field:[* TO *]', '"unbalanced', '\\', '-', '+-|()*~"']) {
      const res = await api.get(`/orders?q=${encodeURIComponent(q)}`);
      expect([200, 400]).toContain(res.status);
      if (res.status === 200) expect(res.body.total).toBeLessThan(orders.length);
    }
  });

  it('GET /orders/:id returns the document, 404 problem for an unknown id', async () => {
    expect((await api.get(`/orders/${orders[0]!.id}`)).body).toMatchObject({ id: orders[0]!.id, status: orders[0]!.status });
    const missing = await api.get(`/orders/${randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('sales report sums match the documents', async () => {
    const res = await api.get('/reports/sales?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&interval=hour&groupBy=status');
    expect(res.status).toBe(200);
    const revenue = orders.filter((o) => o.status === 'paid' || o.status === 'shipped').reduce((s, o) => s + o.totalCents, 0);
    expect(res.body.buckets).toHaveLength(24);
    expect(res.body.buckets.reduce((s: number, b: { revenueCents: number }) => s + b.revenueCents, 0)).toBe(revenue);
    expect(res.body.buckets.reduce((s: number, b: { orders: number }) => s + b.orders, 0)).toBe(orders.length);
  });
});

describe('read-your-writes against the progress document', () => {
  it('waits until the published snapshot covers the token, else 504 consistency-timeout', async () => {
    const token = encodePosition({ xid: 150n, lsn: '0/1' });
    const late = await api.get(`/orders?minPosition=${token}&waitMs=300`);
    expect(late.status).toBe(504);
    expect(late.body.type).toMatch(/consistency-timeout$/);
    const pending = api.get(`/orders/${orders[1]!.id}?waitMs=5000`, { headers: { 'x-min-position': token } });
    await setProgress(151, 160);
    expect((await pending).status).toBe(200);
    expect((await api.get(`/orders?minPosition=v1.nope`)).status).toBe(400);
    // The parameter wins over the header, but a malformed header is still refused, by name.
    const both = await api.get(`/orders?minPosition=${token}&waitMs=0`, { headers: { 'x-min-position': '0' } });
    expect(both.status).toBe(400);
    expect(both.body.errors).toEqual([expect.objectContaining({ path: 'x-min-position' })]);
  });
});

describe('access, limits and failures', () => {
  it('401 without a key, 403 with a commands key', async () => {
    expect((await api.get('/orders', { key: null })).status).toBe(401);
    expect((await api.get('/orders', { key: 'test-commands' })).status).toBe(403);
  });

  it('rate limits per API key: the noisy key gets 429 with Retry-After, another key is unaffected', async () => {
    const limited = await startQueryApp(prefix, { rateLimit: { windowMs: 60_000, limit: 5 }, apiKeys: TEST_KEYS });
    try {
      const replies = await Promise.all(Array.from({ length: 8 }, () => limited.get('/orders/' + orders[0]!.id)));
      const throttled = replies.filter((r) => r.status === 429);
      expect(throttled.length).toBe(3);
      expect(throttled[0]!.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await limited.get('/orders/' + orders[0]!.id, { key: 'test-all' })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('rate limits requests without a valid key per client address before authentication; a valid key is not held to it', async () => {
    const limited = await startQueryApp(prefix, { ipRateLimit: { windowMs: 60_000, limit: 5 }, apiKeys: TEST_KEYS });
    try {
      const replies = await Promise.all(Array.from({ length: 8 }, () => limited.get('/orders', { key: 'not-a-key' })));
      expect(replies.map((r) => r.status).sort()).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
      expect(replies.find((r) => r.status === 429)!.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await limited.get('/health', { key: null })).status).toBe(429);
      expect((await limited.get('/orders/' + orders[0]!.id)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('Elasticsearch unreachable: 503 problem on reads, /ready 503 that names no internals (the cause is logged)', async () => {
    const down = await startQueryApp(prefix, { esUrl: 'http://127.0.0.1:1' });
    try {
      const read = await down.get('/orders');
      expect(read.status).toBe(503);
      expect(read.headers.get('content-type')).toMatch(/application\/problem\+json/);
      const ready = await down.get('/ready', { key: null });
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ code: 'not-ready', detail: 'a dependency is unavailable' });
      expect(JSON.stringify(ready.body)).not.toMatch(/elasticsearch|unreachable|127\.0\.0\.1/i);
    } finally {
      await down.close();
    }
  });

  it('/ready is 200 when the aliases exist; /openapi.json documents every route', async () => {
    expect((await api.get('/ready', { key: null })).status).toBe(200);
    const paths = Object.keys((await api.get('/openapi.json', { key: null })).body.paths);
    const perProjection = registeredProjections.flatMap((p) => [`/${p.name}`, `/${p.name}/{id}`]);
    expect(paths.sort()).toEqual([...perProjection, '/health', '/metrics', '/openapi.json', '/ready', '/reports/sales', '/reports/top-customers', '/reports/top-products', '/order-timelines', '/order-timelines/{id}'].sort());
  });
});
