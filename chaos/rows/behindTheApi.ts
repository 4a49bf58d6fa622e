// What the capture rows write straight into Postgres, as the superuser, beside the command API's load: a customer
// and a product of their own, and many orders of one line each in a single statement. The rows go through the same
// tables the command API writes, so the whole-alias verify of the oracle finds any of them that was not captured
// (orders, and the customer's and the product's figures), while the workload's own model, which knows nothing of
// them, is untouched: they never name a catalogue aggregate.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { ComponentName, Nemesis } from '../nemesis.js';
import { cdcTopic, DEFAULT_TOPIC_PREFIX } from '../../lib/names.js';
import { testKafka } from '../../testkit/kafka.js';

/** Anything that runs a query: a client held in an open transaction, or a pool. */
type Queryable = Pick<pg.ClientBase, 'query'>;

export interface Owner {
  customerId: string;
  productId: string;
  priceCents: number;
}

/** A customer and a product no workload trades with. */
export async function createOwner(db: Queryable, tag: string): Promise<Owner> {
  const owner = { customerId: randomUUID(), productId: randomUUID(), priceCents: 250 };
  await db.query(`INSERT INTO customers (id, name, email, city) VALUES ($1, $2, $3, 'Lyon')`, [owner.customerId, `Capture ${tag}`, `capture-${tag}-${owner.customerId.slice(0, 8)}@example.com`]);
  await db.query(`INSERT INTO products (id, sku, name, category, price_cents, stock) VALUES ($1, $2, $3, 'capture', $4, 1000000)`, [owner.productId, `CAP-${tag}-${owner.productId.slice(0, 8)}`, `Capture ${tag}`, owner.priceCents]);
  return owner;
}

/** `count` orders of one line each, orders and lines in ONE statement (one multi-row insert per table). */
export async function insertOrders(db: Queryable, owner: Owner, count: number): Promise<void> {
  await db.query(
    `WITH o AS (
       INSERT INTO orders (id, customer_id, total_cents)
       SELECT gen_random_uuid(), $1, $3 * 2 FROM generate_series(1, $2) RETURNING id
     )
     INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents) SELECT id, $4, 2, $3 FROM o`,
    [owner.customerId, count, owner.priceCents, owner.productId],
  );
}

type Admin = ReturnType<ReturnType<typeof testKafka>['admin']>;

/** The records ever written to the change topics of these tables (their partitions' end offsets summed). */
async function endsOf(admin: Admin, tables: readonly string[]): Promise<number> {
  let sum = 0;
  for (const table of tables) sum += (await admin.fetchTopicOffsets(cdcTopic({ prefix: DEFAULT_TOPIC_PREFIX }, table))).reduce((s, p) => s + Number(p.high), 0);
  return sum;
}

async function withAdmin<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

export const changeRecords = (tables: readonly string[]): Promise<number> => withAdmin((admin) => endsOf(admin, tables));

/**
 * Watches the change topics until `target` more records than `from` arrived, polling fast, and returns how many had
 * arrived when it returned (so that a kill can land while Debezium is still streaming a large transaction).
 */
export const whenRecords = (tables: readonly string[], from: number, target: number, timeoutMs: number): Promise<number> =>
  withAdmin(async (admin) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const arrived = (await endsOf(admin, tables)) - from;
      if (arrived >= target) return arrived;
      if (Date.now() > deadline) throw new Error(`only ${arrived} of ${target} change records within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  });

/**
 * `sluice up <name>` until the component is ready: the launcher's readiness limit (two minutes for Connect) can pass
 * on a loaded machine while the process still starts; it is asked again while the process runs, never restarted.
 */
export async function startPatiently(n: Nemesis, name: ComponentName, attempts = 3): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await n.start(name);
    } catch (error) {
      if (attempt >= attempts || !n.running(name)) throw error;
    }
  }
}
