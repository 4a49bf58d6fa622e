// docs/reliability.md T30 in miniature: bursts on the same aggregates never oversell, deadlock or answer 500.
import { seed, startCommandApp, type CommandClient, type Reply } from '../../testkit/commandApp.js';

let api: CommandClient;
beforeAll(async () => void (api = await startCommandApp()));
afterAll(async () => api.close());

const statuses = (replies: Reply[]) => replies.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});

describe('concurrent commands', () => {
  it('200 concurrent place-order for 37 units: exactly 37 succeed, stock ends at 0, no 5xx', async () => {
    const stock = 37;
    const { customerId, productIds } = await seed(api, [stock]);
    const productId = productIds[0] as string;
    const replies = await Promise.all(Array.from({ length: 200 }, () => api.send('place-order', { customerId, lines: [{ productId, quantity: 1 }] })));
    expect(statuses(replies)).toEqual({ 201: stock, 409: 200 - stock });
    expect(replies.filter((r) => r.status === 409).every((r) => r.body.code === 'insufficient-stock')).toBe(true);
    const { rows } = await api.pool.query(
      `SELECT p.stock, p.version, (SELECT count(*)::int FROM order_lines WHERE product_id = p.id) AS lines FROM products p WHERE p.id = $1`,
      [productId],
    );
    expect(rows[0]).toEqual({ stock: 0, version: 1 + stock, lines: stock });
  });

  it('opposite line orders on the same products never deadlock into errors', async () => {
    const { customerId, productIds } = await seed(api, [1000, 1000, 1000]);
    const [a, b, c] = productIds as [string, string, string];
    const shapes = [[a, b, c], [c, b, a], [b, a], [c, a]];
    const replies = await Promise.all(
      Array.from({ length: 120 }, (_, i) => api.send('place-order', { customerId, lines: (shapes[i % shapes.length] as string[]).map((productId) => ({ productId, quantity: 1 })) })),
    );
    expect(statuses(replies)).toEqual({ 201: 120 });
    const { rows } = await api.pool.query('SELECT sum(1000 - stock)::int AS taken FROM products WHERE id = ANY($1::uuid[])', [[a, b, c]]);
    expect(rows[0].taken).toBe(30 * 3 + 30 * 3 + 30 * 2 + 30 * 2);
  });

  it('cancels racing with line changes on the same order keep stock exact', async () => {
    const { customerId, productIds } = await seed(api, [50, 50]);
    const [a, b] = productIds as [string, string];
    const { body } = await api.send('place-order', { customerId, lines: [{ productId: a, quantity: 5 }] });
    const replies = await Promise.all([
      ...Array.from({ length: 10 }, () => api.send('add-order-line', { orderId: body.id, productId: b, quantity: 2 })),
      ...Array.from({ length: 10 }, () => api.send('cancel-order', { orderId: body.id, reason: 'race' })),
    ]);
    expect(replies.every((r) => r.status < 500)).toBe(true);
    expect(replies.filter((r) => r.status === 200 && r.body.version).length).toBeGreaterThanOrEqual(1);
    expect(await api.pool.query('SELECT array_agg(stock ORDER BY id) AS s FROM products WHERE id = ANY($1::uuid[])', [[a, b]]).then((r) => r.rows[0].s.sort())).toEqual([50, 50]);
  });

  it('expectedVersion lets exactly one of 20 racing writers win', async () => {
    const { productIds } = await seed(api, [1]);
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => api.send('rename-product', { productId: productIds[0], name: `name ${i}`, expectedVersion: 1 })),
    );
    expect(statuses(replies)).toEqual({ 200: 1, 409: 19 });
    expect(replies.filter((r) => r.status === 409).every((r) => r.body.code === 'version-conflict')).toBe(true);
  });
});
