// The ops HTTP contract against the real stack: auth and scopes, problem details, probes, Prometheus gauges,
// and missing pieces (no projector, Connect unreachable) shown as states, never as a 500.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadConfig } from '../../lib/config.js';
import { createLogger } from '../../lib/logger.js';
import { projections } from '../../model/registry.js';
import { TEST_KEYS } from '../../testkit/commandApp.js';
import { opsAsAdmin } from '../../testkit/kafka.js';
import { createOpsApp } from './app.js';
import { opsConfigSchema } from './config.js';
import type { LagReport } from './lag/lagReport.js';
import { createOpsRuntime, type OpsRuntime } from './main.js';

interface Running {
  url: string;
  runtime: OpsRuntime;
  server: Server;
}

async function start(env: Record<string, string>): Promise<Running> {
  const config = loadConfig(opsConfigSchema, { ...process.env, ...opsAsAdmin(), OPS_CONNECTOR_AUTO_RESTART: 'off', PROJECTOR_GROUP_PREFIX: `ops-int-${Date.now()}`, PROJECTOR_METRICS_URL: 'http://127.0.0.1:1/metrics', ...env });
  const logger = createLogger('ops-int', 'silent');
  const runtime = createOpsRuntime(config, logger);
  const server = createOpsApp({ ...runtime, logger, apiKeys: TEST_KEYS }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, runtime, server };
}

const stop = async (r: Running | undefined) => {
  if (!r) return;
  r.server.closeAllConnections();
  await new Promise((resolve) => r.server.close(resolve));
  await r.runtime.close();
};

let ops: Running;
let noConnect: Running;

beforeAll(async () => {
  // The group under watch never committed, so its lag is the whole shared CDC history, which grows with every
  // suite (and so does the dirty history the hydrate group never read): high limits keep the status about the missing projector, not about how much history there is.
  [ops, noConnect] = await Promise.all([start({ OPS_MAX_CONSUMER_LAG: '1000000000', OPS_MAX_DIRTY_BACKLOG: '1000000000' }), start({ CONNECT_URL: 'http://127.0.0.1:1' })]);
});
afterAll(async () => Promise.all([stop(ops), stop(noConnect)]));

const get = (r: Running, path: string, key: string | null = 'test-ops') => fetch(`${r.url}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });

describe('ops HTTP contract', () => {
  it.each([
    [null, 401],
    ['nope', 401],
    ['test-queries', 403],
    ['test-commands', 403],
  ])('GET /ops/lag with key %s answers %i as problem+json', async (key, status) => {
    const response = await get(ops, '/ops/lag', key);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('reports every stage from the real stack; a missing projector is a clear degraded state', async () => {
    const response = await get(ops, '/ops/lag');
    expect(response.status).toBe(200);
    const report = (await response.json()) as LagReport;
    expect(Object.keys(report.stages)).toEqual(['slot', 'connector', 'kafka', 'dirty', 'events', 'routing', 'elasticsearch', 'freshness', 'deadLetters']);
    // One group per event-built read model, over its event topics: the order timeline's.
    expect(report.stages.events.figures?.map((g) => g.groupId)).toEqual([expect.stringMatching(/^ops-int-\d+-timeline$/)]);
    expect(report.stages.slot.figures).toMatchObject({ slotName: 'sluice_slot', exists: true, walStatus: expect.any(String), lagBytes: expect.any(Number), retainedWalBytes: expect.any(Number) });
    expect(report.stages.connector.figures).toMatchObject({ name: 'sluice-postgres', found: true, state: 'RUNNING' });
    expect(report.stages.kafka.figures?.topics.map((t) => t.topic)).toContain('sluice.public.orders');
    expect(report.stages.kafka.reasons.join()).toMatch(/never committed: is the projector running/);
    expect(report.stages.freshness).toMatchObject({ status: 'degraded', figures: null, unavailable: expect.stringMatching(/projector metrics unreachable/) });
    expect(report.status).toBe('degraded');
  });

  it('shows an unreachable Kafka Connect as a failing connector, not an error', async () => {
    const response = await get(noConnect, '/ops/lag');
    expect(response.status).toBe(200);
    const report = (await response.json()) as LagReport;
    expect(report.status).toBe('failing');
    expect(report.stages.connector.unavailable).toMatch(/Kafka Connect unreachable at http:\/\/127\.0\.0\.1:1/);
  });

  it('exports the same figures as Prometheus gauges', async () => {
    expect((await fetch(`${ops.url}/metrics`)).status).toBe(401);
    const text = await (await fetch(`${ops.url}/metrics`, { headers: { authorization: 'Bearer test-ops' } })).text();
    expect(text).toMatch(/^sluice_ops_slot_retained_wal_bytes \d+$/m);
    expect(text).toMatch(/^sluice_ops_stage_status\{stage="connector"\} 0$/m);
    expect(text).toMatch(/^sluice_ops_consumer_lag\{group="ops-int-\d+-resolve",topic="sluice\.public\.orders",partition="0"\} \d+$/m);
    expect(text).toMatch(/^sluice_ops_connector_running 1$/m);
  });

  it('answers the probes and its OpenAPI document without a key', async () => {
    expect((await fetch(`${ops.url}/health`)).status).toBe(200);
    expect((await fetch(`${noConnect.url}/ready`)).status).toBe(200);
    const doc = (await (await fetch(`${ops.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/ops/lag', '/ops/history', '/ops/projections', '/ops/search', '/console']));
  });

  it('lists the registered projections for the console\'s picker, which names none itself', async () => {
    const response = await get(ops, '/ops/projections');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ items: projections.map((p) => p.name) });
    expect((await get(ops, '/ops/projections', null)).status).toBe(401);
    expect(await (await fetch(`${ops.url}/console/index.html`)).text()).not.toContain('<option>orders</option>');
  });

  it('serves the console as public HTML that loads nothing from elsewhere', async () => {
    const response = await fetch(`${ops.url}/console`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const html = await response.text();
    expect(html).toContain('<svg id="pipeline"');
    expect(html).not.toMatch(/https?:\/\//);
    expect((await fetch(`${ops.url}/console/console.js`)).headers.get('content-type')).toMatch(/javascript/);
  });

  it.each([
    ['?q=', 'q'],
    ['?q=a&size=11', 'size'],
    ['?q=a&projection=secrets', 'projection'],
    ['?q=a&script=1', 'script'],
  ])('rejects the search %s with a 400 naming %s', async (query, path) => {
    const response = await get(ops, `/ops/search${query}`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path)).toContain(path);
  });

  it('searches with simple_query_string only: query syntax is literal text, never an error', async () => {
    for (const q of ['*:* OR tenant:*', '(', '/.*.*/', 'field:[* TO *]']) {
      const response = await get(ops, `/ops/search?q=${encodeURIComponent(q)}`);
      expect(response.status).toBe(200);
    }
  });
});
