// docs/reliability.md T14 through the real pipeline: one Postgres transaction that inserts an order and its lines,
// updates a line's quantity and the order's status, and inserts its payment, i.e. inserts and updates of one aggregate
// and of its neighbours' aggregates at one commit. Every document it touches must become exactly the post-commit state,
// as the test kit's reference path computes it apart from the projection code (testkit/referenceDocs.ts), and nothing
// of the transaction may be dead-lettered or left behind by a 409 against an earlier change of the same transaction.
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { waitFor } from '../lib/waitFor.js';
import { testKafka } from '../testkit/kafka.js';
import { startIsolatedProjector, type IsolatedProjector } from '../testkit/isolatedProjector.js';
import { createPipelineProbe, type PipelineProbe } from '../testkit/pipelineProbe.js';
import { expectedDocuments } from '../testkit/referenceDocs.js';
import { deadLetters } from '../testkit/topicRecords.js';

let h: IsolatedProjector;
let probe: PipelineProbe;

beforeAll(async () => {
  h = await startIsolatedProjector({ label: 'p14' });
  probe = await createPipelineProbe(h.settings);
}, 120_000);
afterAll(async () => {
  await probe?.close();
  await h?.close();
});

describe('T14: several changes to one aggregate in one transaction', () => {
  it('the documents become exactly the post-commit state, with nothing rejected', async () => {
    const [customer, pen, ink, order, payment] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await h.admin.query(`INSERT INTO customers (id, name, email, city, tier) VALUES ($1, 'Mixed', $2, 'Lyon', 'gold')`, [customer, `${customer}@example.com`]);
    for (const [id, name] of [[pen, 'Pen'], [ink, 'Ink']] as const) {
      await h.admin.query(`INSERT INTO products (id, sku, name, category, price_cents, stock) VALUES ($1, $2, $3, 'office', 300, 100)`, [id, `SKU-${id}`, name]);
    }
    // Their documents exist before the transaction, so what it changes in them must win over an earlier version.
    for (const [projection, id] of [['customers', customer], ['products', pen], ['products', ink]] as const) await h.waitForDoc(projection, id, (d) => d !== undefined);
    const mark = await probe.mark();

    const tx = await h.admin.connect();
    try {
      await tx.query('BEGIN');
      await tx.query(`INSERT INTO orders (id, customer_id, total_cents) VALUES ($1, $2, 600)`, [order, customer]);
      await tx.query(`INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents) VALUES ($1, $2, 1, 300), ($1, $3, 1, 300)`, [order, pen, ink]);
      await tx.query('UPDATE order_lines SET quantity = 3 WHERE order_id = $1 AND product_id = $2', [order, pen]);
      await tx.query(`UPDATE orders SET total_cents = 1200, status = 'paid', paid_at = now(), version = version + 1 WHERE id = $1`, [order]);
      await tx.query(`INSERT INTO payments (id, order_id, amount_cents, method) VALUES ($1, $2, 1200, 'card')`, [payment, order]);
      await tx.query('COMMIT');
    } finally {
      tx.release();
    }
    // The transaction's six change records are on the topics and both stages have consumed everything.
    await probe.settle(mark, { orders: 2, order_lines: 3, payments: 1 });

    const roots = { orders: [order], customers: [customer], products: [pen, ink] };
    for (const [projection, ids] of Object.entries(roots)) {
      const expected = await expectedDocuments(h.admin, projection, ids);
      for (const id of ids) {
        const want = expected.get(id);
        expect(want).toBeDefined();
        await waitFor(async () => isDeepStrictEqual((await h.doc(projection, id))?.doc, want), { timeoutMs: 60_000, description: `${projection}/${id} at the post-commit state` }).catch(() => undefined);
        expect((await h.doc(projection, id))?.doc).toEqual(want);
      }
    }
    // The post-commit state is the one the test wrote, not only what the reference path read back.
    expect((await expectedDocuments(h.admin, 'orders', [order])).get(order)).toMatchObject({
      status: 'paid', version: 2, totalCents: 1200, itemCount: 4, payment: { id: payment, amountCents: 1200 },
      lines: expect.arrayContaining([expect.objectContaining({ productId: pen, quantity: 3 }), expect.objectContaining({ productId: ink, quantity: 1 })]),
    });

    const touched = [order, customer, pen, ink, payment];
    const letters = await deadLetters(testKafka(), h.settings.dlqTopic);
    expect(letters.filter((l) => touched.some((id) => JSON.stringify(l).includes(id)))).toEqual([]);
    expect((await probe.lag()).resolve).toBe(0);
  }, 180_000);
});
