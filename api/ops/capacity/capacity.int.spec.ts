// GET /ops/capacity against the real Elasticsearch and Postgres: an orders index of known documents under a prefix
// of its own, a rebuild rate recorded the way `sluice rebuild` records it, and the report computed from both.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadConfig } from '../../../lib/config.js';
import { createLogger } from '../../../lib/logger.js';
import { capacityIndex } from '../../../lib/names.js';
import { recordRebuild } from '../../../model/adapters/elasticsearch/capacityStore.js';
import { ordersProjection } from '../../../model/projections/orders/orders.js';
import { TEST_KEYS } from '../../../testkit/commandApp.js';
import { deleteIndexesWithPrefix } from '../../../testkit/elasticsearch.js';
import { createScratchIndexes, testEsClient } from '../../../testkit/queryApp.js';
import { createOpsApp } from '../app.js';
import type { CapacityReport } from './capacity.js';
import { opsConfigSchema } from '../config.js';
import { capacityReportSchema } from '../openapi.js';
import { createOpsRuntime, type OpsRuntime } from '../main.js';

const prefix = `capacity${randomBytes(4).toString('hex')}-`;
const es = testEsClient();
const DOCS = 120;
const RATE = 40; // docs/s: 120 documents at 40 docs/s is a 3 s rebuild
let runtime: OpsRuntime;
let server: Server;
let url: string;

beforeAll(async () => {
  await createScratchIndexes(es, prefix, {}, [ordersProjection]);
  const operations = Array.from({ length: DOCS }, (_, i) => [{ index: { _index: `${prefix}orders`, _id: String(i + 1) } }, { status: 'placed', totalCents: i }]).flat();
  const bulk = await es.bulk({ operations, refresh: true });
  expect(bulk.errors).toBe(false);
  await recordRebuild(es, capacityIndex(prefix), { projection: 'orders', at: '2026-01-01T00:00:00.000Z', index: `${prefix}orders_v1`, docs: 400, seconds: 10, loadSeconds: 8, docsPerSecond: RATE });
  // PG_*, ES_URL come from the environment the test runner set: the test stack, never the development one.
  const config = loadConfig(opsConfigSchema, { ...process.env, PROJECTOR_INDEX_PREFIX: prefix, OPS_CONNECTOR_AUTO_RESTART: 'off', PROJECTOR_METRICS_URL: 'http://127.0.0.1:1/metrics' });
  runtime = createOpsRuntime(config, createLogger('capacity-int', 'silent'));
  server = createOpsApp({ ...runtime, logger: createLogger('capacity-int', 'silent'), apiKeys: TEST_KEYS }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await runtime?.close();
  await deleteIndexesWithPrefix(es, prefix);
  await es.close();
});

const capacity = async (key = 'test-ops'): Promise<Response> => fetch(`${url}/ops/capacity`, { headers: { authorization: `Bearer ${key}` } });

it('needs the ops scope', async () => {
  expect((await capacity('test-queries')).status).toBe(403);
});

it('reports the index of known documents, its bytes per document, the Postgres bytes and the expected rebuild time', async () => {
  const response = await capacity();
  expect(response.status).toBe(200);
  const body = (await response.json()) as CapacityReport;
  expect(capacityReportSchema.safeParse(body).error?.issues).toBeUndefined();
  const orders = body.projections.find((p) => p.projection === 'orders')!;
  const stats = await es.indices.stats({ index: `${prefix}orders`, metric: ['store'] });
  const primary = stats._all.primaries?.store?.size_in_bytes ?? 0;
  expect(orders).toMatchObject({ alias: `${prefix}orders`, index: `${prefix}orders_v1`, docs: DOCS, primaryBytes: primary, unavailable: [] });
  expect(primary).toBeGreaterThan(0);
  expect(orders.bytesPerDoc).toBeCloseTo(primary / DOCS, 6);
  expect(orders.rebuild.expectedSeconds).toBeCloseTo(DOCS / RATE, 6);
  expect(orders.rebuild.note).toMatch(/^40 docs\/s measured by the rebuild of 400 docs/);
  // The tables the declaration reads, each measured by Postgres.
  expect(orders.postgresTables.map((t) => t.table)).toEqual(['orders', 'customers', 'order_lines', 'products', 'payments', 'shipments']);
  expect(orders.postgresTables.every((t) => t.bytes !== null && t.bytes > 0)).toBe(true);
  expect(orders.postgresBytes).toBe(orders.postgresTables.reduce((a, t) => a + (t.bytes ?? 0), 0));
});

it('says "no rebuild measured yet" for a projection without a recorded rebuild, and gives no catch-up figure it did not see', async () => {
  const body = (await (await capacity()).json()) as CapacityReport;
  const customers = body.projections.find((p) => p.projection === 'customers')!;
  expect(customers).toMatchObject({ index: null, docs: 0, bytesPerDoc: null, rebuild: { measured: null, expectedSeconds: null, note: 'no rebuild measured yet' } });
  expect(body.catchUp).toMatchObject({ docsPerSecond: null, source: expect.stringMatching(/^not measured/) });
});
