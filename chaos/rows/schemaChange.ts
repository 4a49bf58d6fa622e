// T22 and T23 live (docs/reliability.md). T22: `ALTER TABLE customers RENAME COLUMN name TO full_name` under the command load, the
// way a migration of another team would run it. What must hold while the column is gone: the change that lacks the
// column is dead-lettered as schema drift (naming the column and the way back), no served document loses its
// customer's name, and the command API answers 503, never 500, for the command that writes the column. The way back
// is the one the dead letter names: restore the column (or change the declaration and `sluice apply`), then
// `sluice reproject <projection> --root customers:<id>` for the dead-lettered row. The row runs that path
// with the real CLI, and the oracle's whole-alias verify must then find the store clean; the dead letter itself is
// the row's one expected finding.
// T23: `ALTER TABLE order_lines ALTER COLUMN unit_price_cents TYPE numeric(12,2)` under load, then another
// application writes a line of 99.50. The mapping refuses a fraction in an integer field (`coerce: false`), so the
// order is rejected as one bulk item and dead-lettered, never indexed truncated, while the partition
// keeps flowing (the workload's integral prices still project). The way back: the value and the type restored, then
// the dead-lettered id reprojected with the real CLI; the whole-alias verify must then be clean.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { readAlias } from '../../lib/names.js';
import { waitFor } from '../../lib/waitFor.js';
import { createEsClient } from '../../model/adapters/elasticsearch/client.js';
import { lifecycleSettingsFrom, loadProjectorConfig } from '../../projector/operations.js';
import { adminConfig } from '../../testkit/pg.js';
import { runSluice } from '../../testkit/sluiceCli.js';
import type { Row } from '../row.js';
import { watchLetters, type Letter } from './deadLetters.js';
import { createOwner, insertOrders } from './behindTheApi.js';

const hold = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Documents of a served alias that lack the field: what "silently nulled" would look like. */
async function lacking(es: ReturnType<typeof createEsClient>, alias: string, field: string): Promise<number> {
  const res = await es.count({ index: alias, query: { bool: { must_not: { exists: { field } } } } });
  return res.count;
}

async function renameUnderLoad(holdMs: number): Promise<void> {
  const settings = lifecycleSettingsFrom(loadProjectorConfig(process.env), process.env);
  const es = createEsClient(settings.es);
  const db = new pg.Client(adminConfig());
  await db.connect();
  const letters = await watchLetters(settings.dlqTopic);
  const city = `T22-${randomUUID().slice(0, 8)}`;
  let renamed = false;
  try {
    // A customer of its own with orders: the workload's model knows nothing of it, so a write behind the API to it
    // is no gap in any acknowledged aggregate's history (behindTheApi.ts).
    const owner = await createOwner(db, `t22-${city}`);
    await insertOrders(db, owner, 3);
    const customerId = owner.customerId;
    await db.query('ALTER TABLE customers RENAME COLUMN name TO full_name');
    renamed = true;
    // Another application's write while the column is gone: its change record lacks `name`.
    await db.query('UPDATE customers SET city = $2, version = version + 1 WHERE id = $1', [customerId, city]);
    let letter: Letter | undefined;
    await waitFor(
      () => (letter = letters.find((l) => l.value?.includes(city) === true)) !== undefined,
      { timeoutMs: 120_000, intervalMs: 250, description: 'the change without the column dead-lettered' },
    );
    if (letter?.reason !== 'schema-drift' || !/lacks column\(s\) name/.test(letter.detail ?? '') || !/reproject/.test(letter.detail ?? ''))
      throw new Error(`the dead letter does not name the drift and the way back: ${JSON.stringify({ reason: letter?.reason, detail: letter?.detail })}`);
    await hold(holdMs);
    const nulled = { orders: await lacking(es, readAlias('orders', settings.indexPrefix), 'customer.name'), customers: await lacking(es, readAlias('customers', settings.indexPrefix), 'name') };
    if (nulled.orders + nulled.customers > 0) throw new Error(`documents lost their customer's name while the column was renamed: ${JSON.stringify(nulled)}`);
    await db.query('ALTER TABLE customers RENAME COLUMN full_name TO name');
    renamed = false;
    // The way back the dead letter names, through the real CLI.
    for (const projection of ['customers', 'orders']) {
      const run = await runSluice(['reproject', projection, '--root', `customers:${customerId}`]);
      if (run.code !== 0) throw new Error(`sluice reproject ${projection} failed: ${run.out}`);
    }
  } finally {
    if (renamed) await db.query('ALTER TABLE customers RENAME COLUMN full_name TO name');
    await letters.stop();
    await db.end();
    await es.close();
  }
}

/** The superuser's write of another application: a customer, a product and one order of one line at `price`. */
async function orderAt(db: pg.Client, tag: string, price: string): Promise<string> {
  const [customerId, productId, orderId] = [randomUUID(), randomUUID(), randomUUID()];
  await db.query('BEGIN');
  await db.query(`INSERT INTO customers (id, name, email) VALUES ($1, $2, $3)`, [customerId, `T23 ${tag}`, `t23-${tag}@example.com`]);
  await db.query(`INSERT INTO products (id, sku, name, category, price_cents, stock) VALUES ($1, $2, 'T23 product', 't23', 100, 10)`, [productId, `T23-${tag}`]);
  await db.query('INSERT INTO orders (id, customer_id, total_cents) VALUES ($1, $2, 100)', [orderId, customerId]);
  await db.query('INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents) VALUES ($1, $2, 1, $3)', [orderId, productId, price]);
  await db.query('COMMIT');
  return orderId;
}

async function retypeUnderLoad(holdMs: number): Promise<void> {
  const settings = lifecycleSettingsFrom(loadProjectorConfig(process.env), process.env);
  const db = new pg.Client(adminConfig());
  await db.connect();
  const letters = await watchLetters(settings.dlqTopic);
  const tag = randomUUID().slice(0, 8);
  let retyped = false;
  try {
    await db.query('ALTER TABLE order_lines ALTER COLUMN unit_price_cents TYPE numeric(12,2)');
    retyped = true;
    const orderId = await orderAt(db, tag, '99.50');
    const rejected = () => letters.find((l) => l.id === orderId);
    const l = await waitFor(rejected, { timeoutMs: 120_000, intervalMs: 250, description: 'the order with a fractional price dead-lettered' });
    if (l.reason !== 'bulk-item-rejected' || !/^400 .*unitPriceCents.* of type \[long\].*99\.5/.test(l.detail ?? '')) throw new Error(`the dead letter does not name the rejected value: ${JSON.stringify(l)}`);
    await hold(holdMs);
    await db.query('UPDATE order_lines SET unit_price_cents = 100 WHERE order_id = $1', [orderId]);
    await db.query('ALTER TABLE order_lines ALTER COLUMN unit_price_cents TYPE bigint');
    retyped = false;
    const run = await runSluice(['reproject', 'orders', '--id', orderId]);
    if (run.code !== 0) throw new Error(`sluice reproject orders failed: ${run.out}`);
  } finally {
    if (retyped) await db.query('ALTER TABLE order_lines ALTER COLUMN unit_price_cents TYPE bigint USING round(unit_price_cents)');
    await letters.stop();
    await db.end();
  }
}

export const T22: Row = {
  id: 'T22',
  injection: 'ALTER TABLE customers RENAME COLUMN name TO full_name under load, another application updating a customer meanwhile; then the way back the dead letter names',
  injects: [],
  effect: 'statement',
  fault: (_n, holdMs) => renameUnderLoad(holdMs),
  control: { expect: 'dead-letter', only: [] },
};

export const T23: Row = {
  id: 'T23',
  injection: 'ALTER TABLE order_lines ALTER COLUMN unit_price_cents TYPE numeric(12,2) under load, another application writing a price of 99.50; then the way back',
  injects: [],
  effect: 'statement',
  fault: (_n, holdMs) => retypeUnderLoad(holdMs),
  control: { expect: 'dead-letter', only: [] },
};
