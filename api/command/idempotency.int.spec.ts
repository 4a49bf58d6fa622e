import { randomUUID } from 'node:crypto';
import { seed, startCommandApp, type CommandClient } from '../../testkit/commandApp.js';

let api: CommandClient;
beforeAll(async () => void (api = await startCommandApp()));
afterAll(async () => api.close());

const ordersOf = async (customerId: string) =>
  (await api.pool.query('SELECT count(*)::int AS n FROM orders WHERE customer_id = $1', [customerId])).rows[0].n;

describe('Idempotency-Key', () => {
  it('50 concurrent identical requests: one order, one stock reservation, the same response for all', async () => {
    const { customerId, productIds } = await seed(api, [10]);
    const key = randomUUID();
    const body = { customerId, lines: [{ productId: productIds[0], quantity: 2 }] };
    const replies = await Promise.all(Array.from({ length: 50 }, () => api.send('place-order', body, { idempotencyKey: key })));
    expect(new Set(replies.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    expect(await ordersOf(customerId)).toBe(1);
    expect((await api.pool.query('SELECT stock FROM products WHERE id = $1', [productIds[0]])).rows[0].stock).toBe(8);
    const later = await api.send('place-order', { lines: body.lines, customerId }, { idempotencyKey: key });
    expect(later).toMatchObject({ status: 201, body: replies[0]?.body });
  });

  it('same key with a different body: 422 and no effect', async () => {
    const { customerId, productIds } = await seed(api, [10]);
    const key = randomUUID();
    const first = await api.send('place-order', { customerId, lines: [{ productId: productIds[0], quantity: 1 }] }, { idempotencyKey: key });
    expect(first.status).toBe(201);
    const other = await api.send('place-order', { customerId, lines: [{ productId: productIds[0], quantity: 3 }] }, { idempotencyKey: key });
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ status: 422, code: 'idempotency-key-reused' });
    const otherCommand = await api.send('restock-product', { productId: productIds[0], quantity: 1 }, { idempotencyKey: key });
    expect(otherCommand.status).toBe(422);
    expect(await ordersOf(customerId)).toBe(1);
  });

  it('keys are scoped per API key; a rejected command stores nothing, so a retry re-evaluates', async () => {
    const { customerId, productIds } = await seed(api, [1]);
    const key = randomUUID();
    const body = { customerId, lines: [{ productId: productIds[0], quantity: 1 }] };
    expect((await api.send('place-order', body, { idempotencyKey: key })).status).toBe(201);
    const otherClient = await api.send('place-order', body, { idempotencyKey: key, key: 'test-commands-2' });
    expect(otherClient.body.code).toBe('insufficient-stock');
    await api.send('restock-product', { productId: productIds[0], quantity: 1 });
    expect((await api.send('place-order', body, { idempotencyKey: key, key: 'test-commands-2' })).status).toBe(201);
    expect(await ordersOf(customerId)).toBe(2);
  });

  it('rejects a malformed key with 400', async () => {
    const res = await api.send('register-customer', { name: 'a', email: `${randomUUID()}@x.io` }, { idempotencyKey: 'has space' });
    expect(res.body).toMatchObject({ status: 400, errors: [{ path: 'Idempotency-Key' }] });
  });
});
