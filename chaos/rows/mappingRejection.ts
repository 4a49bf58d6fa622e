// T09 (docs/reliability.md): a bulk item Elasticsearch rejects for good, through the real pipeline. The orders
// mapping types `itemCount` as `integer` while Postgres sums `order_lines.quantity` into a bigint, so an order
// whose lines add up past 2^31 - 1 is a row the schema accepts and the index refuses (400, document parsing).
// Committed together with a sound order, so both are in the same stream: the sound one must be written, the bad
// one dead-lettered with its coordinates and reason, and its dirty partition must keep flowing (the hydrate group
// commits past the rejected mark). Judged like the dead-letter control: the oracle must report the dead letter
// (and the missing document), and everything is deleted again before the next row.
import { randomUUID } from 'node:crypto';
import { consumerGroups, readAlias } from '../../lib/names.js';
import { waitFor } from '../../lib/waitFor.js';
import { loadProjectorConfig, settingsFrom } from '../../projector/operations.js';
import { testKafka } from '../../testkit/kafka.js';
import type { PlantContext, Row } from '../row.js';
import { watchLetters, type Letter } from './deadLetters.js';

const PAST_INT32 = 2_000_000_000; // two lines of it: 4e9 > 2,147,483,647

async function insertOrders(c: PlantContext, ids: Record<'customer' | 'p1' | 'p2' | 'bad' | 'good', string>): Promise<void> {
  const client = await c.pg.connect();
  try {
    await client.query('BEGIN');
    await client.query(`INSERT INTO customers (id, name, email) VALUES ($1, 'T09 customer', $2)`, [ids.customer, `t09-${ids.customer}@example.test`]);
    for (const p of [ids.p1, ids.p2])
      await client.query(`INSERT INTO products (id, sku, name, category, price_cents, stock) VALUES ($1, $2, 'T09 product', 't09', 1, 1)`, [p, `t09-${p}`]);
    for (const o of [ids.bad, ids.good]) await client.query(`INSERT INTO orders (id, customer_id, total_cents) VALUES ($1, $2, 0)`, [o, ids.customer]);
    for (const p of [ids.p1, ids.p2]) await client.query(`INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents) VALUES ($1, $2, $3, 1)`, [ids.bad, p, PAST_INT32]);
    await client.query(`INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents) VALUES ($1, $2, 1, 1)`, [ids.good, ids.p1]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

/** The hydrate group's committed offset of one dirty partition. */
async function committed(topic: string, partition: number): Promise<number> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    const groupId = consumerGroups(settingsFrom(loadProjectorConfig(process.env)).groupPrefix).hydrate;
    const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return Number(t?.partitions.find((p) => p.partition === partition)?.offset ?? -1);
  } finally {
    await admin.disconnect();
  }
}

async function plant(c: PlantContext): Promise<() => Promise<void>> {
  const ids = { customer: randomUUID(), p1: randomUUID(), p2: randomUUID(), bad: randomUUID(), good: randomUUID() };
  const undo = async () => {
    await c.pg.query('DELETE FROM orders WHERE id = ANY($1::uuid[])', [[ids.bad, ids.good]]);
    await c.pg.query('DELETE FROM products WHERE id = ANY($1::uuid[])', [[ids.p1, ids.p2]]);
    await c.pg.query('DELETE FROM customers WHERE id = $1', [ids.customer]);
  };
  const letters = await watchLetters(c.dlqTopic);
  try {
    await insertOrders(c, ids);
    let letter: Letter | undefined;
    await waitFor(() => (letter = letters.find((l) => l.id === ids.bad)) !== undefined, {
      timeoutMs: 120_000,
      intervalMs: 250,
      description: `a dead letter for orders/${ids.bad}`,
    });
    const l = letter!;
    if (l.reason !== 'bulk-item-rejected' || !/^400 /.test(l.detail ?? '') || l.topic === undefined || l.partition === undefined || l.offset === undefined)
      throw new Error(`the dead letter lacks its coordinates or reason: ${JSON.stringify(l)}`);
    const index = readAlias('orders', c.indexPrefix);
    await waitFor(async () => (await c.es.exists({ index, id: ids.good })) === true, { timeoutMs: 60_000, intervalMs: 250, description: `orders/${ids.good} written beside the rejected item` });
    const { topic, partition, offset } = l;
    await waitFor(async () => (await committed(topic, partition)) > Number(offset), { timeoutMs: 60_000, intervalMs: 250, description: `the hydrate group committed past ${topic}/${partition}@${offset}` });
    if ((await c.es.exists({ index, id: ids.bad })) === true) throw new Error(`orders/${ids.bad} was written although its item was rejected`);
  } catch (error) {
    await undo();
    throw error;
  } finally {
    await letters.stop();
  }
  return undo;
}

export const T09: Row = {
  id: 'T09',
  injection: 'an order whose lines sum past the integer itemCount of the orders mapping: Elasticsearch rejects that item for good',
  injects: [],
  effect: 'statement',
  convergeTimeoutMs: 10_000,
  fault: async () => undefined,
  control: { expect: 'dead-letter', only: ['missing'], plant },
};
