import { randomUUID } from 'node:crypto';
import { decodePosition } from '../../../lib/position.js';
import { seed, startCommandApp, type CommandClient } from '../../../testkit/commandApp.js';
import { createAdminPool } from '../../../testkit/pg.js';

let api: CommandClient;
beforeAll(async () => void (api = await startCommandApp()));
afterAll(async () => {
  await admin.end();
  await api.close();
});
// Payments and shipments are insert-only for the writer (migration 0006): the test reads them back as the admin.
const admin = createAdminPool(undefined, 1);

const stockOf = async (ids: string[]) =>
  (await api.pool.query('SELECT stock FROM products WHERE id = ANY($1::uuid[]) ORDER BY array_position($1::uuid[], id)', [ids])).rows.map((r) => r.stock);
const orderRow = async (id: string) =>
  (await api.pool.query('SELECT status, total_cents::int AS total, version, updated_at FROM orders WHERE id = $1', [id])).rows[0];

describe('order lifecycle', () => {
  it('place -> add line -> remove line -> pay -> ship, with stock, totals and versions', async () => {
    const { customerId, productIds } = await seed(api, [5, 5, 5], 1000);
    const [a, b, c] = productIds as [string, string, string];
    const placed = await api.send('place-order', { customerId, lines: [{ productId: a, quantity: 2 }, { productId: b, quantity: 1 }] });
    expect(placed).toMatchObject({ status: 201, body: { version: 1 } });
    const id = placed.body.id;
    expect(await orderRow(id)).toMatchObject({ status: 'pending', total: 3000, version: 1 });
    expect(await stockOf([a, b, c])).toEqual([3, 4, 5]);

    expect((await api.send('add-order-line', { orderId: id, productId: c, quantity: 3 })).body.version).toBe(2);
    expect((await api.send('remove-order-line', { orderId: id, productId: a, expectedVersion: 2 })).body.version).toBe(3);
    expect(await stockOf([a, b, c])).toEqual([5, 4, 2]);
    expect(await orderRow(id)).toMatchObject({ total: 4000, version: 3 });

    expect((await api.send('pay-order', { orderId: id, amountCents: 3999, method: 'card' })).body).toMatchObject({ status: 409, code: 'amount-mismatch' });
    expect((await api.send('ship-order', { orderId: id, carrier: 'dhl', trackingNumber: 'T1' })).body.code).toBe('invalid-transition');
    expect((await api.send('pay-order', { orderId: id, amountCents: 4000, method: 'card' })).body.version).toBe(4);
    expect((await api.send('add-order-line', { orderId: id, productId: a, quantity: 1 })).body.code).toBe('invalid-transition');
    expect((await api.send('ship-order', { orderId: id, carrier: 'dhl', trackingNumber: 'T1' })).body.version).toBe(5);
    expect((await api.send('cancel-order', { orderId: id, reason: 'too late' })).body.code).toBe('invalid-transition');
    const paid = await admin.query('SELECT p.amount_cents::int AS amount, s.carrier FROM payments p JOIN shipments s USING (order_id) WHERE order_id = $1', [id]);
    expect(paid.rows).toEqual([{ amount: 4000, carrier: 'dhl' }]);
    expect(await orderRow(id)).toMatchObject({ status: 'shipped', version: 5 });
  });

  it('cancelling a paid order returns its stock', async () => {
    const { customerId, productIds } = await seed(api, [4, 4]);
    const lines = productIds.map((productId) => ({ productId, quantity: 3 }));
    const { body } = await api.send('place-order', { customerId, lines });
    expect(await stockOf(productIds)).toEqual([1, 1]);
    await api.send('pay-order', { orderId: body.id, amountCents: 2 * 3 * 1250, method: 'card' });
    const cancelled = await api.send('cancel-order', { orderId: body.id, reason: 'customer request' });
    expect(cancelled).toMatchObject({ status: 200, body: { version: 3 } });
    expect(await stockOf(productIds)).toEqual([4, 4]);
    expect(await orderRow(body.id)).toMatchObject({ status: 'cancelled' });
  });

  it('keeps at least one line, refuses to oversell, and 404s unknown aggregates', async () => {
    const { customerId, productIds } = await seed(api, [1]);
    const productId = productIds[0] as string;
    expect((await api.send('place-order', { customerId, lines: [{ productId, quantity: 2 }] })).body.code).toBe('insufficient-stock');
    const { body } = await api.send('place-order', { customerId, lines: [{ productId, quantity: 1 }] });
    expect((await api.send('remove-order-line', { orderId: body.id, productId })).body.code).toBe('last-line');
    expect((await api.send('place-order', { customerId: randomUUID(), lines: [{ productId, quantity: 1 }] })).status).toBe(404);
    expect((await api.send('place-order', { customerId, lines: [{ productId: randomUUID(), quantity: 1 }] })).status).toBe(404);
    expect((await api.send('pay-order', { orderId: randomUUID(), amountCents: 1, method: 'card' })).status).toBe(404);
    expect(await stockOf([productId])).toEqual([0]);
  });

  it('returns a position token whose transaction is committed and visible', async () => {
    const { customerId, productIds } = await seed(api, [1]);
    const { body } = await api.send('place-order', { customerId, lines: [{ productId: productIds[0], quantity: 1 }] });
    const { xid, lsn } = decodePosition(body.position);
    const { rows } = await api.pool.query(
      `SELECT pg_xact_status($1::xid8) AS status, pg_visible_in_snapshot($1::xid8, pg_current_snapshot()) AS visible,
              pg_current_wal_insert_lsn() >= $2::pg_lsn AS lsn_passed, (SELECT xmin::text FROM orders WHERE id = $3) AS xmin`,
      [xid.toString(), lsn, body.id],
    );
    expect(rows[0]).toMatchObject({ status: 'committed', visible: true, lsn_passed: true });
    expect(BigInt(rows[0].xmin)).toBe(xid & 0xffffffffn);
  });

  it('rejects 0 or 101 lines and duplicate products with field paths', async () => {
    const { customerId, productIds } = await seed(api, [1]);
    const lines = (n: number) => Array.from({ length: n }, () => ({ productId: randomUUID(), quantity: 1 }));
    expect((await api.send('place-order', { customerId, lines: [] })).body.errors[0].path).toBe('lines');
    expect((await api.send('place-order', { customerId, lines: lines(101) })).body.errors[0].path).toBe('lines');
    const dup = await api.send('place-order', { customerId, lines: [{ productId: productIds[0], quantity: 1 }, { productId: productIds[0], quantity: 1 }] });
    expect(dup.body.errors).toEqual([{ path: 'lines.1.productId', message: expect.any(String) }]);
  });
});
