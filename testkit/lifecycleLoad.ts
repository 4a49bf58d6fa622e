// Background activity for lifecycle tests: a command load writing through SQL as admin (new orders with lines,
// status changes, a customer rename that fans out) and a reader querying an alias continuously.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { waitFor } from '../lib/waitFor.js';
import type { EsClient } from '../model/adapters/elasticsearch/client.js';

export interface Background {
  stop(): Promise<{ rounds: number; failures: string[] }>;
}

/** Runs `step` in a loop until stopped; every error is recorded, never thrown. */
function loop(step: (round: number) => Promise<void>): Background {
  let running = true;
  let rounds = 0;
  const failures: string[] = [];
  const done = (async () => {
    while (running) {
      await step(rounds++).catch((error: unknown) => void failures.push(error instanceof Error ? error.message : String(error)));
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      return { rounds, failures };
    },
  };
}

/**
 * Orders with lines for one customer of its own; every few rounds a paid status and a customer rename. Each round
 * waits until `indexed` sees its order, so the load is paced by the pipeline it exercises (traffic, never a flood
 * the stream cannot drain).
 */
export async function startCommandLoad(admin: pg.Pool, indexed: (orderId: string) => Promise<boolean>): Promise<Background & { customerId: string; orderIds: string[] }> {
  const customerId = randomUUID();
  const productId = randomUUID();
  await admin.query(`INSERT INTO customers (id, name, email, city) VALUES ($1, 'Load 0', $2, 'Oslo')`, [customerId, `${customerId}@example.com`]);
  await admin.query(`INSERT INTO products (id, sku, name, category, price_cents, stock) VALUES ($1, $2, 'Load pen', 'load', 100, 1000000)`, [productId, `SKU-${productId}`]);
  const orderIds: string[] = [];
  const background = loop(async (round) => {
    const id = randomUUID();
    await admin.query(
      `WITH o AS (INSERT INTO orders (id, customer_id, total_cents) VALUES ($1, $2, 100) RETURNING id)
       INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents) SELECT id, $3, 1, 100 FROM o`,
      [id, customerId, productId],
    );
    orderIds.push(id);
    if (round % 5 === 4) await admin.query(`UPDATE orders SET status = 'paid', paid_at = now() WHERE id = $1`, [orderIds[round - 2]]);
    if (round % 50 === 49) await admin.query(`UPDATE customers SET name = $2 WHERE id = $1`, [customerId, `Load ${round}`]);
    await waitFor(() => indexed(id), { timeoutMs: 60_000, intervalMs: 10, description: `order ${id} indexed` });
  });
  return { ...background, customerId, orderIds };
}

/** Searches the alias as the query API would; a failed or empty answer is a failure. */
export function startReader(es: EsClient, alias: string): Background {
  return loop(async () => {
    const page = await es.search({ index: alias, size: 5, query: { match_all: {} }, track_total_hits: true });
    const total = typeof page.hits.total === 'number' ? page.hits.total : (page.hits.total?.value ?? 0);
    if (total === 0) throw new Error(`${alias} answered with no documents`);
  });
}
