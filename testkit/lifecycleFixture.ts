// The projection-lifecycle test fixture (the reproject and replay tests): an isolated projector
// (isolatedProjector.ts, resolve group at the end of the shared CDC topics) plus the wiring `sluice reproject |
// replay` builds for its prefix. Replay needs an empty hydrate group, so the tests stop and start the projector;
// `cliEnv` points the real command at this fixture's names.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { waitFor } from '../lib/waitFor.js';
import { createLifecycleContext } from '../projector/operations.js';
import type { LifecycleContext, VerifyReport } from '../projector/operations.js';
import type { Projection } from '../model/projections/declaration.js';
import { startIsolatedProjector, type IsolatedProjector } from './isolatedProjector.js';

export interface LifecycleFixture extends IsolatedProjector {
  /** The wiring `sluice reproject | replay` builds, for this stack's prefix. */
  ctx: LifecycleContext;
}

export async function startLifecycleFixture(): Promise<LifecycleFixture> {
  const iso = await startIsolatedProjector({ label: 'lc' });
  const ctx = createLifecycleContext(iso.settings, () => undefined);
  const close = iso.close.bind(iso);
  return Object.assign(iso, {
    ctx,
    async close() {
      await iso.stop();
      await ctx.close();
      await close();
    },
  });
}

/** A customer, a product, and `n` orders of that customer with one line each, written as admin. */
export async function seedOrders(admin: pg.Pool, n: number): Promise<{ customerId: string; productId: string; orderIds: string[] }> {
  const [customerId, productId] = [randomUUID(), randomUUID()];
  await admin.query(`INSERT INTO customers (id, name, email, city) VALUES ($1, 'Lifecycle', $2, 'Bergen')`, [customerId, `${customerId}@example.com`]);
  await admin.query(`INSERT INTO products (id, sku, name, category, price_cents, stock) VALUES ($1, $2, 'Lamp', 'home', 700, 1000)`, [productId, `SKU-${productId}`]);
  const orderIds = Array.from({ length: n }, () => randomUUID());
  for (const id of orderIds) {
    await admin.query(
      `WITH o AS (INSERT INTO orders (id, customer_id, total_cents) VALUES ($1, $2, 700) RETURNING id)
       INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents) SELECT id, $3, 1, 700 FROM o`,
      [id, customerId, productId],
    );
  }
  return { customerId, productId, orderIds };
}

/** Waits until every id's document is in the index and equal to Postgres. */
export async function waitConverged(stack: IsolatedProjector, projection: Projection, ids: readonly string[], timeoutMs = 60_000): Promise<VerifyReport> {
  return waitFor(async () => {
    const r = await stack.verify(projection, ids);
    return r.missing.length + r.extra.length + r.stale.length === 0 ? r : undefined;
  }, { timeoutMs, intervalMs: 300, description: `${projection.name} ${ids.length} id(s) equal to Postgres` });
}

/**
 * Completes `n` transactions that change nothing. Writes to Elasticsearch carry the version of the Postgres
 * snapshot they were built from (versioning.ts), and a hand-made write there bumps a document's version by one:
 * a re-hydration wins only with a snapshot that saw more transactions. A live database always has them; a quiet
 * test database may not, and the test should not depend on other suites' traffic.
 */
export async function completeTransactions(admin: pg.Pool, n = 3): Promise<void> {
  for (let i = 0; i < n; i++) await admin.query('SELECT pg_current_xact_id()');
}
