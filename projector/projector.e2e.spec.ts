// The whole pipeline against the real stack: Postgres -> Debezium -> Kafka -> projector -> Elasticsearch.
import { randomBytes, randomUUID } from 'node:crypto';
import { waitFor } from '../lib/waitFor.js';
import { testKafka } from '../testkit/kafka.js';
import { startIsolatedProjector, type IsolatedProjector } from '../testkit/isolatedProjector.js';
import { projections } from '../model/registry.js';
import { ordersProjection } from '../model/projections/orders/orders.js';
import { consumerGroups, dirtyTopic } from '../lib/names.js';

let h: IsolatedProjector;

beforeAll(async () => {
  h = await startIsolatedProjector({ from: 'start' });
}, 120_000);
afterAll(async () => h?.close());

const sql = (text: string, params: unknown[] = []) => h.admin.query(text, params);

async function customer(name = 'Ada'): Promise<string> {
  const id = randomUUID();
  await sql(`INSERT INTO customers (id, name, email, city, tier) VALUES ($1, $2, $3, 'London', 'gold')`, [id, name, `${id}@example.com`]);
  return id;
}

async function product(name = 'Pen', price = 250): Promise<string> {
  const id = randomUUID();
  await sql(`INSERT INTO products (id, sku, name, category, price_cents, stock) VALUES ($1, $2, $3, 'office', $4, 1000)`, [id, `SKU-${id}`, name, price]);
  return id;
}

async function order(customerId: string, productIds: string[], note: string | null = null): Promise<string> {
  const id = randomUUID();
  await sql('BEGIN');
  await sql(`INSERT INTO orders (id, customer_id, total_cents, note) VALUES ($1, $2, $3, $4)`, [id, customerId, 250 * productIds.length, note]);
  for (const p of productIds) await sql(`INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents) VALUES ($1, $2, 1, 250)`, [id, p]);
  await sql('COMMIT');
  return id;
}

const countOrders = async (query: object) => {
  await h.es.indices.refresh({ index: `${h.tag}-orders` });
  return (await h.es.count({ index: `${h.tag}-orders`, query })).count;
};

describe('projector pipeline', () => {
  it('a customer rename with 1000 orders reaches every order document', async () => {
    const c = await customer('Grace Hopper');
    const p = await product();
    await sql(
      `INSERT INTO orders (id, customer_id, total_cents) SELECT gen_random_uuid(), $1, 250 FROM generate_series(1, 1000)`,
      [c],
    );
    await sql(`INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents) SELECT id, $2, 1, 250 FROM orders WHERE customer_id = $1`, [c, p]);
    await waitFor(async () => (await countOrders({ term: { 'customer.id': c } })) === 1000, { timeoutMs: 120_000, description: '1000 orders indexed' });
    await sql(`UPDATE customers SET name = 'Grace Brewster Hopper', version = version + 1 WHERE id = $1`, [c]);
    await waitFor(async () => (await countOrders({ bool: { filter: [{ term: { 'customer.id': c } }, { term: { 'customer.name.keyword': 'Grace Brewster Hopper' } }] } })) === 1000, {
      timeoutMs: 120_000,
      description: 'all 1000 orders renamed',
    });
    const customerDoc = await h.waitForDoc('customers', c, (d) => d?.['name'] === 'Grace Brewster Hopper');
    expect(customerDoc).toMatchObject({ orderCount: 1000, lifetimeValueCents: 0 });
  }, 180_000);

  it('a product rename reaches every order containing it, and sales count paid orders only', async () => {
    const c = await customer();
    const [p1, p2] = [await product('Quill'), await product('Ink')];
    const orders = [await order(c, [p1]), await order(c, [p1, p2]), await order(c, [p2])];
    await sql(`UPDATE orders SET status = 'paid', paid_at = now() WHERE id = $1`, [orders[1]]);
    await sql(`UPDATE products SET name = 'Goose Quill' WHERE id = $1`, [p1]);
    for (const id of orders.slice(0, 2)) {
      await h.waitForDoc('orders', id, (d) => (d?.['lines'] as Array<{ name: string }> | undefined)?.some((l) => l.name === 'Goose Quill') ?? false);
    }
    await h.waitForDoc('products', p1, (d) => d?.['name'] === 'Goose Quill' && d['unitsSold'] === 1 && d['revenueCents'] === 250);
  }, 180_000);

  it('two transactions committing in the opposite order of their first writes both land', async () => {
    const c = await customer('Before');
    const o = await order(c, [await product()]);
    await h.waitForDoc('orders', o, (d) => d !== undefined);
    const a = await h.admin.connect();
    const b = await h.admin.connect();
    try {
      await a.query('BEGIN');
      await a.query(`UPDATE orders SET status = 'paid', paid_at = now() WHERE id = $1`, [o]);
      await b.query('BEGIN');
      await b.query(`UPDATE customers SET name = 'After' WHERE id = $1`, [c]);
      await b.query('COMMIT');
      await a.query('COMMIT');
    } finally {
      a.release();
      b.release();
    }
    await h.waitForDoc('orders', o, (d) => d?.['status'] === 'paid' && (d['customer'] as { name: string }).name === 'After');
  }, 180_000);

  it('a deleted child row leaves the order document', async () => {
    const c = await customer();
    const [p1, p2] = [await product(), await product()];
    const o = await order(c, [p1, p2]);
    await h.waitForDoc('orders', o, (d) => d?.['itemCount'] === 2);
    await sql('DELETE FROM order_lines WHERE order_id = $1 AND product_id = $2', [o, p2]);
    const doc = await h.waitForDoc('orders', o, (d) => d?.['itemCount'] === 1);
    expect(doc?.['lines']).toEqual([expect.objectContaining({ productId: p1 })]);
  }, 180_000);

  it('a primary-key update deletes the old document and creates the new one', async () => {
    const o = await order(await customer(), []);
    await h.waitForDoc('orders', o, (d) => d !== undefined);
    const moved = randomUUID();
    await sql('UPDATE orders SET id = $2 WHERE id = $1', [o, moved]);
    await h.waitForDoc('orders', moved, (d) => d?.['id'] === moved);
    await h.waitForDoc('orders', o, (d) => d === undefined);
  }, 180_000);

  it('keeps a large TOASTed note intact after a status-only update', async () => {
    const note = randomBytes(20_000).toString('base64');
    const o = await order(await customer(), [await product()], note);
    await h.waitForDoc('orders', o, (d) => d?.['note'] === note);
    await sql(`UPDATE orders SET status = 'cancelled', cancelled_at = now() WHERE id = $1`, [o]);
    const doc = await h.waitForDoc('orders', o, (d) => d?.['status'] === 'cancelled');
    expect(doc?.['note']).toBe(note);
    expect(JSON.stringify(doc)).not.toContain('__debezium_unavailable_value');
  }, 180_000);

  it('parks a malformed message in the dead-letter topic and keeps the partition flowing', async () => {
    const kafka = testKafka();
    const producer = kafka.producer();
    await producer.connect();
    const [meta] = await producer.send({ topic: 'sluice.public.orders', messages: [{ key: 'poison', value: 'not-json', partition: 0 }] });
    await producer.disconnect();
    const o = await order(await customer('After poison'), [await product()]);
    await h.waitForDoc('orders', o, (d) => d !== undefined);
    const dlq = kafka.consumer({ groupId: `dlq-${h.tag}` });
    const letters: Array<Record<string, unknown>> = [];
    await dlq.connect();
    await dlq.subscribe({ topic: h.settings.dlqTopic, fromBeginning: true });
    await dlq.run({ eachMessage: async ({ message }) => void letters.push(JSON.parse(message.value!.toString()) as Record<string, unknown>) });
    await waitFor(() => letters.some((l) => l['offset'] === meta?.baseOffset && l['reason'] === 'not-json'), { timeoutMs: 30_000, description: 'dead letter' });
    await dlq.disconnect();
    expect(letters.find((l) => l['reason'] === 'not-json')).toMatchObject({ topic: 'sluice.public.orders', partition: 0 });
    await waitFor(async () => (await lag(kafka, consumerGroups(h.settings.groupPrefix).resolve, 'sluice.public.orders')) === 0, { timeoutMs: 60_000, description: 'lag 0' });
  }, 180_000);

  it('verify reports nothing missing, extra or stale for every projection', async () => {
    for (const projection of projections) {
      const report = await waitFor(async () => {
        const r = await h.verify(projection);
        return r.missing.length + r.extra.length + r.stale.length === 0 ? r : undefined;
      }, { timeoutMs: 120_000, intervalMs: 2_000, description: `${projection.name} converged` });
      expect(report.checked).toBeGreaterThan(0);
    }
  }, 180_000);

  it('a full replay from the earliest offsets changes no document content', async () => {
    const before = await h.verify(ordersProjection);
    const replay = await startHarnessSharingIndex(h);
    const dirty = dirtyTopic(replay.dirtyPrefix, ordersProjection.name);
    try {
      // Both stages of the replaying projector drained: every order was marked again and re-hydrated.
      await waitFor(
        async () =>
          (await lag(testKafka(), consumerGroups(replay.groupPrefix).resolve, 'sluice.public.orders')) === 0 &&
          (await consumed(testKafka(), consumerGroups(replay.groupPrefix).hydrate, dirty)) > 0 &&
          (await lag(testKafka(), consumerGroups(replay.groupPrefix).hydrate, dirty)) === 0,
        { timeoutMs: 120_000, description: 'the replay resolved and hydrated everything' },
      );
      // At least one mark per order: the replay re-rendered every order, not nothing.
      expect(await consumed(testKafka(), consumerGroups(replay.groupPrefix).hydrate, dirty)).toBeGreaterThanOrEqual(before.checked);
      const after = await h.verify(ordersProjection);
      expect(after.stale).toEqual([]);
      expect(after.missing).toEqual([]);
      expect(after.checked).toBeGreaterThanOrEqual(before.checked);
    } finally {
      await replay.stop();
    }
  }, 180_000);
});

/** Records a group has committed on a topic (over all partitions). */
async function consumed(kafka: ReturnType<typeof testKafka>, groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return (committed?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  } finally {
    await admin.disconnect();
  }
}

async function lag(kafka: ReturnType<typeof testKafka>, groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const ends = await admin.fetchTopicOffsets(topic);
    return ends.reduce((sum, end) => {
      const at = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
      return sum + Number(end.offset) - Math.max(0, Number(at));
    }, 0);
  } finally {
    await admin.disconnect();
  }
}

async function startHarnessSharingIndex(h0: IsolatedProjector) {
  const { createProjector } = await import('./assembly/projector.js');
  const settings = { ...h0.settings, groupPrefix: `${h0.settings.groupPrefix}-replay`, dirtyPrefix: `${h0.settings.dirtyPrefix}-replay` };
  const projector = createProjector(settings);
  await projector.start();
  return { groupPrefix: settings.groupPrefix, dirtyPrefix: settings.dirtyPrefix, stop: () => projector.stop() };
}

