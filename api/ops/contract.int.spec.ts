// The ops service's exact contract (docs/http-api.md): a wrong method on a known path is a 405 with Allow, and the
// lag report the real stack produces is what the OpenAPI document says it is.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadConfig } from '../../lib/config.js';
import { createLogger } from '../../lib/logger.js';
import { TEST_KEYS } from '../../testkit/commandApp.js';
import { createOpsApp } from './app.js';
import { opsConfigSchema } from './config.js';
import { lagReportSchema } from './openapi.js';
import { createOpsRuntime, type OpsRuntime } from './main.js';

let url: string;
let runtime: OpsRuntime;
let server: Server;

beforeAll(async () => {
  const config = loadConfig(opsConfigSchema, { ...process.env, OPS_CONNECTOR_AUTO_RESTART: 'off', PROJECTOR_GROUP_PREFIX: `ops-contract-${Date.now()}`, PROJECTOR_METRICS_URL: 'http://127.0.0.1:1/metrics' });
  runtime = createOpsRuntime(config, createLogger('ops-contract', 'silent'));
  server = createOpsApp({ ...runtime, logger: createLogger('ops-contract', 'silent'), apiKeys: TEST_KEYS }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await runtime.close();
});

const call = (method: string, path: string) => fetch(`${url}${path}`, { method, headers: { authorization: 'Bearer test-ops' } });

it.each([
  ['POST', '/ops/lag'],
  ['DELETE', '/ops/history'],
  ['PUT', '/ops/search'],
  ['POST', '/console'],
  ['PATCH', '/metrics'],
])('%s %s is 405 with Allow: GET, HEAD', async (method, path) => {
  const response = await call(method, path);
  expect(response.status).toBe(405);
  expect(response.headers.get('allow')).toBe('GET, HEAD');
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(await response.json()).toMatchObject({ status: 405, code: 'method-not-allowed' });
});

it('an unknown path stays 404', async () => {
  expect((await call('POST', '/ops/lagg')).status).toBe(404);
});

it('GET /ops/lag answers what its OpenAPI schema describes, the index figures as a list', async () => {
  const response = await call('GET', '/ops/lag');
  expect(response.status).toBe(200);
  const parsed = lagReportSchema.safeParse(await response.json());
  expect(parsed.error?.issues).toBeUndefined();
  expect(Array.isArray(parsed.data?.stages.elasticsearch.figures)).toBe(true);
});
