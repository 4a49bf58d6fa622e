// The query API's exact contract (docs/http-api.md): a wrong method on a known path is a 405 with Allow, and a
// control character in any text parameter is a 400 naming the parameter, against real Elasticsearch (scratch
// indexes with the projector's mappings).
import { randomUUID } from 'node:crypto';
import { useScratchQueryApp } from '../../testkit/queryApp.js';

const app = useScratchQueryApp('qc');

describe('methods', () => {
  it.each([
    ['DELETE', '/orders'],
    ['POST', `/orders/${randomUUID()}`],
    ['PUT', '/reports/sales'],
    ['POST', '/ready'],
  ])('%s %s is 405 with Allow: GET, HEAD', async (method, path) => {
    const response = await fetch(`${app().url}${path}`, { method, headers: { authorization: 'Bearer test-queries' } });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 405, code: 'method-not-allowed' });
  });

  it('an unknown path stays 404', async () => {
    expect((await fetch(`${app().url}/invoices`, { method: 'DELETE' })).status).toBe(404);
  });
});

describe('control characters in parameters', () => {
  it.each([
    ['/orders', 'q', 'lovelace%00'],
    ['/orders', 'q', 'a%01b'],
    ['/orders', 'category', 'home%00'],
    ['/orders', 'cursor', 'abc%00'],
    ['/orders', 'minPosition', 'v1.1%00'],
    ['/customers', 'city', 'Lon%00don'],
    ['/customers', 'q', '%7Fada'],
    ['/products', 'category', '%00'],
    [`/orders/${randomUUID()}`, 'minPosition', '%00'],
  ])('GET %s?%s=%s is a 400 naming the parameter', async (path, name, value) => {
    const reply = await app().get(`${path}?${name}=${value}`);
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reply.body.errors.map((e: { path: string }) => e.path)).toEqual([name]);
  });
});
