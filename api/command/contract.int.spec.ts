// The command API's exact contract (docs/http-api.md): a wrong method on a known path is a 405 with Allow, and
// control characters in any text field are a 400 naming the field before anything reaches Postgres.
import { randomUUID } from 'node:crypto';
import { seed, startCommandApp, uniqueEmail, uniqueSku, type CommandClient } from '../../testkit/commandApp.js';

let api: CommandClient;
beforeAll(async () => void (api = await startCommandApp()));
afterAll(async () => api.close());

const call = (method: string, path: string) => fetch(`${api.url}${path}`, { method, headers: { authorization: 'Bearer test-commands' } });

describe('methods', () => {
  it.each([
    ['GET', '/commands/place-order', 'POST'],
    ['PUT', '/commands/register-customer', 'POST'],
    ['DELETE', '/commands/no-such-command', 'POST'],
    ['POST', '/health', 'GET, HEAD'],
    ['POST', '/openapi.json', 'GET, HEAD'],
  ])('%s %s is 405 with Allow: %s', async (method, path, allow) => {
    const response = await call(method, path);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe(allow);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 405, code: 'method-not-allowed' });
  });

  it('an unknown path stays 404 whatever the method', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) expect((await call(method, '/commandz/place-order')).status).toBe(404);
  });
});

describe('control characters in text fields', () => {
  const customerRows = async (email: string) => (await api.pool.query('SELECT 1 FROM customers WHERE email = $1', [email])).rowCount;
  // Whatever the sku became, it starts with the unique one this test chose.
  const productRows = async (sku: string) => (await api.pool.query("SELECT 1 FROM products WHERE sku LIKE $1 || '%'", [sku])).rowCount;

  it.each([
    ['name', 'Ada\u0000Lovelace'],
    ['name', 'Ada\u0001'],
    ['name', 'Ada\nLovelace'],
    ['city', 'Lon\u0000don'],
    ['city', '\u007FLondon'],
  ])('register-customer with a control character in %s is a 400 naming it, and writes nothing', async (field, value) => {
    const email = uniqueEmail();
    const reply = await api.send('register-customer', { name: 'Ada', email, city: 'London', [field]: value });
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reply.body.errors).toEqual([{ path: field, message: expect.stringMatching(/control characters/) }]);
    expect(await customerRows(email)).toBe(0);
  });

  it.each(['sku', 'name', 'category'])('add-product with NUL in %s is a 400 naming it, and writes nothing', async (field) => {
    const sku = uniqueSku();
    const reply = await api.send('add-product', { sku, name: 'Lamp', category: 'home', priceCents: 100, stock: 1, [field]: `${sku}\u0000x` });
    expect(reply.status).toBe(400);
    expect(reply.body.errors.map((e: { path: string }) => e.path)).toEqual([field]);
    expect(await productRows(sku)).toBe(0);
  });

  it('a cancellation reason may span lines, never carry NUL', async () => {
    const { customerId, productIds } = await seed(api, [5]);
    const order = await api.send('place-order', { customerId, lines: [{ productId: productIds[0], quantity: 1 }] });
    const refused = await api.send('cancel-order', { orderId: order.body.id, reason: 'changed\u0000mind' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual(['reason']);
    const accepted = await api.send('cancel-order', { orderId: order.body.id, reason: 'changed my mind:\r\n\tcolour' });
    expect(accepted.status).toBe(200);
    const { rows } = await api.pool.query('SELECT status, cancel_reason FROM orders WHERE id = $1', [order.body.id]);
    expect(rows[0]).toEqual({ status: 'cancelled', cancel_reason: 'changed my mind:\r\n\tcolour' });
  });

  it('NUL in a line of place-order names the line field', async () => {
    const reply = await api.send('place-order', { customerId: randomUUID(), lines: [{ productId: 'a\u0000', quantity: 1 }] });
    expect(reply.status).toBe(400);
    expect(reply.body.errors.map((e: { path: string }) => e.path)).toEqual(['lines.0.productId']);
  });
});
