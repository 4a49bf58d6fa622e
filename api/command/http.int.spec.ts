// The common HTTP contract on the command API: auth matrix (T31), rate limits (T39), probes, 404s, OpenAPI, 503.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { startCommandApp, uniqueEmail, type CommandClient } from '../../testkit/commandApp.js';

let api: CommandClient;
beforeAll(async () => void (api = await startCommandApp()));
afterAll(async () => api.close());

const body = () => ({ name: 'Auth', email: uniqueEmail() });

describe('authentication and scopes', () => {
  it.each([
    ['no key', null, 401],
    ['an unknown key', 'nope', 401],
    ['a queries key', 'test-queries', 403],
    ['an ops key', 'test-ops', 403],
    ['a commands key', 'test-commands', 201],
    ['a key with every scope', 'test-all', 201],
  ])('%s (key %s) -> %d', async (_what, key, status) => {
    const reply = await api.send('register-customer', body(), { key });
    expect(reply.status).toBe(status);
    if (status >= 400) expect(reply.headers.get('content-type')).toMatch(/problem\+json/);
    if (status === 401) expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('rejects before reading the body: no key + huge body is 401, not 413', async () => {
    expect((await api.send('register-customer', undefined, { key: null, raw: 'x'.repeat(200_000) })).status).toBe(401);
  });
});

describe('routing, probes and documentation', () => {
  it('unknown routes and commands are 404 problems', async () => {
    expect((await api.get('/nope')).body).toMatchObject({ status: 404 });
    expect((await api.send('drop-database', {})).body).toMatchObject({ status: 404, code: 'unknown-command' });
  });

  it('serves /health and /ready without auth, /metrics to an ops key only', async () => {
    expect(await api.get('/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await api.get('/ready')).toMatchObject({ status: 200, body: { status: 'ready' } });
    expect((await fetch(`${api.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${api.url}/metrics`, { headers: { authorization: 'Bearer test-commands' } })).status).toBe(403);
    const metrics = await fetch(`${api.url}/metrics`, { headers: { authorization: 'Bearer test-ops' } }).then((r) => r.text());
    expect(metrics).toMatch(/http_requests_total\{method="POST",route="\/commands\/:name",status="201"\}/);
    expect(metrics).toMatch(/commands_total\{command="register-customer",status="201"\}/);
  });

  it('documents every command in /openapi.json from the validating schemas', async () => {
    const { body: doc } = await api.get('/openapi.json');
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths).filter((path) => path.startsWith('/commands/'))).toHaveLength(12);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/ready', '/metrics', '/openapi.json']));
    const place = doc.paths['/commands/place-order'].post;
    expect(Object.keys(place.responses)).toEqual(expect.arrayContaining(['201', '400', '409', '422', '429']));
    expect(doc.components.schemas.PlaceOrder).toMatchObject({ additionalProperties: false, required: ['customerId', 'lines'] });
  });
});

describe('rate limiting per API key', () => {
  it('the noisy key gets 429 with Retry-After and RateLimit headers; another key is unaffected', async () => {
    const limited = await startCommandApp({ pool: api.pool, rateLimit: { windowMs: 60_000, limit: 5 } });
    try {
      const noisy = await Promise.all(Array.from({ length: 12 }, () => limited.send('register-customer', body())));
      const rejected = noisy.filter((r) => r.status === 429);
      expect(rejected).toHaveLength(7);
      expect(rejected[0]?.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(rejected[0]?.headers.get('ratelimit')).toBeTruthy();
      expect(rejected[0]?.body).toMatchObject({ status: 429, code: 'rate-limited' });
      expect((await limited.send('register-customer', body(), { key: 'test-commands-2' })).status).toBe(201);
    } finally {
      await limited.close();
    }
  });
});

describe('dependency down', () => {
  it('answers 503 problems (not 500) and /ready 503 when Postgres is unreachable', async () => {
    const deadPool = new pg.Pool({ host: '127.0.0.1', port: 1, user: 'x', database: 'x', connectionTimeoutMillis: 500 });
    const down = await startCommandApp({ pool: deadPool });
    try {
      const reply = await down.send('cancel-order', { orderId: randomUUID(), reason: 'x' });
      expect(reply.body).toMatchObject({ status: 503, code: 'service-unavailable' });
      expect(JSON.stringify(reply.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
      expect((await down.get('/ready')).status).toBe(503);
    } finally {
      await down.close();
      await deadPool.end();
    }
  });
});
