import { randomUUID } from 'node:crypto';
import { seed, startCommandApp, uniqueSku, type CommandClient } from '../../../testkit/commandApp.js';

let api: CommandClient;
beforeAll(async () => void (api = await startCommandApp()));
afterAll(async () => api.close());

const productRow = async (id: string) =>
  (await api.pool.query('SELECT name, price_cents::int AS price, stock, version FROM products WHERE id = $1', [id])).rows[0];

describe('product commands', () => {
  it('adds a product (201); a second product with that sku is 409 sku-taken', async () => {
    const sku = uniqueSku();
    const added = await api.send('add-product', { sku, name: 'Kettle', category: 'kitchen', priceCents: 3999, stock: 7 });
    expect(added).toMatchObject({ status: 201, body: { version: 1 } });
    expect(await productRow(added.body.id)).toEqual({ name: 'Kettle', price: 3999, stock: 7, version: 1 });
    const dup = await api.send('add-product', { sku, name: 'Other', category: 'kitchen', priceCents: 1, stock: 0 });
    expect(dup.body).toMatchObject({ status: 409, code: 'sku-taken' });
  });

  it('rejects price 0 and negative stock with 400 and field paths', async () => {
    const res = await api.send('add-product', { sku: uniqueSku(), name: 'X', category: 'c', priceCents: 0, stock: -1 });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['priceCents', 'stock']);
  });

  it('renames, restocks and reprices; each bumps the version', async () => {
    const { productIds } = await seed(api, [2]);
    const id = productIds[0] as string;
    expect((await api.send('rename-product', { productId: id, name: 'Renamed' })).body.version).toBe(2);
    expect((await api.send('restock-product', { productId: id, quantity: 5 })).body.version).toBe(3);
    expect((await api.send('change-product-price', { productId: id, priceCents: 99, expectedVersion: 3 })).body.version).toBe(4);
    expect(await productRow(id)).toEqual({ name: 'Renamed', price: 99, stock: 7, version: 4 });
    expect((await api.send('restock-product', { productId: id, quantity: 0 })).status).toBe(400);
    expect((await api.send('rename-product', { productId: id, name: 'Y', expectedVersion: 1 })).body.code).toBe('version-conflict');
  });

  it('a price change affects future orders only', async () => {
    const { customerId, productIds } = await seed(api, [10], 500);
    const productId = productIds[0] as string;
    const first = await api.send('place-order', { customerId, lines: [{ productId, quantity: 1 }] });
    await api.send('change-product-price', { productId, priceCents: 800 });
    const second = await api.send('place-order', { customerId, lines: [{ productId, quantity: 1 }] });
    const totals = await api.pool.query('SELECT id, total_cents::int AS total FROM orders WHERE id = ANY($1::uuid[])', [[first.body.id, second.body.id]]);
    expect(Object.fromEntries(totals.rows.map((r) => [r.id, r.total]))).toEqual({ [first.body.id]: 500, [second.body.id]: 800 });
  });

  it('answers 404 for unknown products', async () => {
    for (const [name, body] of [
      ['rename-product', { productId: randomUUID(), name: 'x' }],
      ['change-product-price', { productId: randomUUID(), priceCents: 1 }],
      ['restock-product', { productId: randomUUID(), quantity: 1 }],
    ] as const) {
      expect((await api.send(name, body)).body).toMatchObject({ status: 404, code: 'not-found' });
    }
  });
});
