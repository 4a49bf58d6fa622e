// Incremental aggregates through the whole pipeline (Postgres, Debezium, Kafka, the projector, Elasticsearch): after
// a mixed workload (orders paid and cancelled, a line's quantity changed, an order moved to another customer, an
// order deleted) the customers' and products' documents equal the reference documents, built apart from the
// projection code. Then a summary row is changed behind the pipeline's back: `sluice verify` reports the document
// stale, and `sluice reproject` repairs it (docs/design.md decision 11).
import { isDeepStrictEqual } from 'node:util';
import { waitFor } from '../../lib/waitFor.js';
import { customersProjection } from '../../model/projections/customers/customers.js';
import { productsProjection } from '../../model/projections/products/products.js';
import { completeTransactions, seedOrders, startLifecycleFixture, type LifecycleFixture } from '../../testkit/lifecycleFixture.js';
import { expectedDocuments } from '../../testkit/referenceDocs.js';
import { reproject } from './reproject.js';

let s: LifecycleFixture;
beforeAll(async () => {
  s = await startLifecycleFixture();
}, 120_000);
afterAll(async () => s?.close());

/** Waits until every id's document in the index equals its reference document. */
async function waitForReference(projection: 'customers' | 'products', ids: readonly string[]): Promise<void> {
  let last = '';
  await waitFor(async () => {
    const expected = await expectedDocuments(s.admin, projection, ids);
    for (const id of ids) {
      const indexed = (await s.doc(projection, id))?.doc;
      last = `indexed ${JSON.stringify(indexed)}, reference ${JSON.stringify(expected.get(id))}`;
      if (!isDeepStrictEqual(indexed, expected.get(id))) return undefined;
    }
    return true;
  }, { timeoutMs: 60_000, intervalMs: 300, description: `${projection} ${ids.join(', ')} equal to the reference documents` }).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}; last seen: ${last}`);
  });
}

describe('incremental aggregates through the pipeline', () => {
  it('a mixed workload leaves the summary-built documents equal to the reference ones', async () => {
    const mine = await seedOrders(s.admin, 4);
    const other = await seedOrders(s.admin, 1);
    const [paid, cancelled, moved, deleted] = mine.orderIds as [string, string, string, string];
    await s.admin.query(`UPDATE orders SET status = 'paid', paid_at = now() WHERE id = ANY($1)`, [[paid, cancelled, moved]]);
    await s.admin.query(`UPDATE order_lines SET quantity = 4 WHERE order_id = $1`, [paid]);
    await s.admin.query(`UPDATE orders SET status = 'cancelled', cancelled_at = now() WHERE id = $1`, [cancelled]);
    await s.admin.query(`UPDATE orders SET customer_id = $2 WHERE id = $1`, [moved, other.customerId]);
    await s.admin.query(`DELETE FROM orders WHERE id = $1`, [deleted]);
    await waitForReference('customers', [mine.customerId, other.customerId]);
    await waitForReference('products', [mine.productId, other.productId]);
    const doc = (await s.doc('customers', mine.customerId))?.doc;
    expect(doc).toMatchObject({ orderCount: 2, lifetimeValueCents: 700, unitsPurchased: 4 });
    expect((await s.doc('products', mine.productId))?.doc).toMatchObject({ unitsSold: 5, revenueCents: 3500 });
  });

  it('a summary row drifted behind the pipeline is reported by verify and repaired by reproject', async () => {
    const seed = await seedOrders(s.admin, 2);
    await waitForReference('customers', [seed.customerId]);
    await s.admin.query("UPDATE sluice.aggregate SET value = value + 5 WHERE field LIKE 'customers.orderCount#%' AND root = $1", [seed.customerId]);
    // A change the document shows re-hydrates it, from the drifted summary row.
    await s.admin.query("UPDATE customers SET city = 'Drift' WHERE id = $1", [seed.customerId]);
    await s.waitForDoc('customers', seed.customerId, (d) => d?.['city'] === 'Drift');
    expect((await s.doc('customers', seed.customerId))?.doc['orderCount']).toBe(7);
    await s.stop();
    await completeTransactions(s.admin);

    const report = await s.verify(customersProjection, [seed.customerId]);
    expect(report.stale.map((x) => x.id)).toEqual([seed.customerId]);

    expect(await reproject(s.ctx.hydrator, customersProjection, [seed.customerId], 500, s.ctx.pg)).toBe(1);
    expect(s.ctx.rejected).toEqual([]);
    expect(await s.verify(customersProjection, [seed.customerId])).toMatchObject({ missing: [], extra: [], stale: [] });
    expect((await s.doc('customers', seed.customerId))?.doc['orderCount']).toBe(2);
    expect(await s.verify(productsProjection, [seed.productId])).toMatchObject({ missing: [], extra: [], stale: [] });
  });
});
