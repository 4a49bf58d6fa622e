// `sluice reproject` against the real stack. The projector of the test prefix is STOPPED before the damage, so
// the live stream cannot be what repairs a document: only reproject can. Each test seeds its own customer,
// product and orders; the stack has its own index prefix, topics and groups.
import { randomUUID } from 'node:crypto';
import { completeTransactions, seedOrders, startLifecycleFixture, waitConverged, type LifecycleFixture } from '../../testkit/lifecycleFixture.js';
import { customersProjection } from '../../model/projections/customers/customers.js';
import { ordersProjection } from '../../model/projections/orders/orders.js';
import { parseRoot, reproject, rootsTouchedBy } from './reproject.js';

let s: LifecycleFixture;
beforeAll(async () => {
  s = await startLifecycleFixture();
}, 60_000);
afterAll(async () => s?.close());

/** What `sluice reproject orders --id ... --root ...` does, with the test prefix. */
async function reprojectOrders(opts: { id?: string[]; root?: string[] }): Promise<number> {
  const ids = [...(opts.id ?? [])];
  for (const r of (opts.root ?? []).map(parseRoot)) ids.push(...(await rootsTouchedBy(s.ctx.pg, ordersProjection, r.table, r.id)));
  return reproject(s.ctx.hydrator, ordersProjection, ids);
}

/** Overwrites a document by hand, keeping Elasticsearch's own versioning (a plain index request). */
async function damage(id: string, fields: Record<string, unknown>): Promise<void> {
  const current = await s.doc('orders', id);
  await s.es.index({ index: `${s.tag}-orders`, id, document: { ...current?.doc, ...fields }, refresh: true });
}

const status = async (id: string) => (await s.doc('orders', id))?.doc['status'];

describe('sluice reproject', () => {
  beforeEach(async () => {
    if (!s.projector) await s.start();
  });

  it('--id makes a document equal to Postgres again after a missed row change and after damage in Elasticsearch', async () => {
    const seed = await seedOrders(s.admin, 2);
    const [changed, damaged] = seed.orderIds as [string, string];
    await waitConverged(s, ordersProjection, seed.orderIds);
    await s.stop();

    await s.admin.query(`UPDATE orders SET status = 'paid', paid_at = now() WHERE id = $1`, [changed]);
    await damage(damaged, { status: 'cancelled', totalCents: 1 });
    await completeTransactions(s.admin);
    const before = await s.verify(ordersProjection, seed.orderIds);
    expect(before.stale.map((x) => x.id).sort()).toEqual([changed, damaged].sort());
    expect(await status(changed)).toBe('pending');

    expect(await reprojectOrders({ id: [changed, damaged] })).toBe(2);

    expect(s.ctx.rejected).toEqual([]);
    expect(await s.verify(ordersProjection, seed.orderIds)).toMatchObject({ missing: [], extra: [], stale: [] });
    expect(await status(changed)).toBe('paid');
    expect(await status(damaged)).toBe('pending');
  });

  it('--id removes the document of a root that no longer exists in Postgres, and one that never did', async () => {
    const seed = await seedOrders(s.admin, 2);
    const [deleted, kept] = seed.orderIds as [string, string];
    await waitConverged(s, ordersProjection, seed.orderIds);
    await s.stop();

    await s.admin.query(`DELETE FROM order_lines WHERE order_id = $1`, [deleted]);
    await s.admin.query(`DELETE FROM orders WHERE id = $1`, [deleted]);
    const stray = randomUUID();
    await s.es.index({ index: `${s.tag}-orders`, id: stray, document: (await s.doc('orders', kept))?.doc, refresh: true });
    await completeTransactions(s.admin);
    expect(await s.doc('orders', deleted)).toBeDefined();

    await reprojectOrders({ id: [deleted, stray] });

    expect(await s.doc('orders', deleted)).toBeUndefined();
    expect(await s.doc('orders', stray)).toBeUndefined();
    expect(await s.doc('orders', kept)).toBeDefined();
    expect(await s.verify(ordersProjection, [deleted, stray, kept])).toMatchObject({ missing: [], extra: [], stale: [] });
  });

  it('--root customers:<id> re-hydrates every order of that customer and leaves other customers\' orders alone', async () => {
    const mine = await seedOrders(s.admin, 4);
    const other = await seedOrders(s.admin, 2);
    await waitConverged(s, ordersProjection, [...mine.orderIds, ...other.orderIds]);
    await waitConverged(s, customersProjection, [mine.customerId]);
    await s.stop();

    for (const id of [...mine.orderIds, ...other.orderIds]) await damage(id, { status: 'cancelled' });
    await completeTransactions(s.admin);
    const otherBefore = await Promise.all(other.orderIds.map((id) => s.doc('orders', id)));

    expect(await reprojectOrders({ root: [`customers:${mine.customerId}`] })).toBe(4);

    expect(await s.verify(ordersProjection, mine.orderIds)).toMatchObject({ missing: [], extra: [], stale: [] });
    for (const id of mine.orderIds) expect(await status(id)).toBe('pending');
    // Untouched: still the hand-made content, at the same Elasticsearch version.
    expect(await Promise.all(other.orderIds.map((id) => s.doc('orders', id)))).toEqual(otherBefore);
    expect((await s.verify(ordersProjection, other.orderIds)).stale.map((x) => x.id).sort()).toEqual([...other.orderIds].sort());
    // The customer's own document is not an order: reproject orders never writes it.
    expect(await s.verify(customersProjection, [mine.customerId])).toMatchObject({ stale: [], missing: [] });
  });

  it('--root rejects a spec that is not <table>:<id> and names the tables', () => {
    expect(() => parseRoot('customer:1')).toThrow(/expected <table>:<id> with table one of .*customers/);
    expect(() => parseRoot('customers:')).toThrow(/expected <table>:<id>/);
  });
});
