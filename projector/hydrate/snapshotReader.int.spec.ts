// T23's trap, on the real database: ALTER ... TYPE rewrites a table and stamps every row with its own xid, so a
// snapshot taken while the rewrite runs sees the table as EMPTY once the rewrite commits. A document hydrated that
// way loses its lines, carries a newer version than the last good one, and nothing captured ever fixes it (a rewrite
// is not decoded). The reader must take its snapshot only after it holds its locks.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { waitFor } from '../../lib/waitFor.js';
import { ordersProjection } from '../../model/projections/orders/orders.js';
import { adminConfig, createScratchDatabase, type ScratchDatabase } from '../../testkit/pg.js';
import { createPostgresPool } from '../adapters/postgres/pool.js';
import { loadProjectorConfig, settingsFrom } from '../config.js';
import type { SqlPool } from '../ports.js';
import { createSnapshotReader } from './snapshotReader.js';

let scratch: ScratchDatabase;
let admin: pg.Pool;
let pool: SqlPool;
const [customer, product, order] = [randomUUID(), randomUUID(), randomUUID()];

beforeAll(async () => {
  scratch = await createScratchDatabase('sluice_rewrite');
  admin = new pg.Pool({ ...adminConfig(scratch.name), max: 3 });
  pool = createPostgresPool({ ...settingsFrom(loadProjectorConfig(process.env)).postgres, database: scratch.name });
  await admin.query(`INSERT INTO customers (id, name, email) VALUES ($1, 'Rewrite', $2)`, [customer, `${customer}@example.com`]);
  await admin.query(`INSERT INTO products (id, sku, name, category, price_cents, stock) VALUES ($1, $2, 'Lamp', 'home', 700, 10)`, [product, `SKU-${product}`]);
  await admin.query(`INSERT INTO orders (id, customer_id, status, total_cents) VALUES ($1, $2, 'pending', 2100)`, [order, customer]);
  await admin.query(`INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents) VALUES ($1, $2, 3, 700)`, [order, product]);
}, 120_000);

afterAll(async () => {
  await pool?.end();
  await admin?.end();
  await scratch?.drop();
});

it('a document read while a column is retyped still shows every line the table holds', async () => {
  const alter = await admin.connect();
  try {
    await alter.query('BEGIN');
    await alter.query('ALTER TABLE order_lines ALTER COLUMN quantity TYPE bigint');
    const reading = createSnapshotReader({ pool }).read(ordersProjection, [order], []);
    // The reader is queued behind the rewrite's lock (whether before or after its snapshot is what is tested).
    await waitFor(
      async () => (await admin.query(`SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE d.datname = $1 AND NOT l.granted`, [scratch.name])).rows.length > 0,
      { timeoutMs: 30_000, description: 'the reader waiting for the rewrite' },
    );
    await alter.query('COMMIT');
    const read = await reading;
    const doc = read.docs.get(order) as { lines?: { quantity: number }[] } | undefined;
    expect(doc?.lines?.map((l) => l.quantity)).toEqual([3]);
  } finally {
    await alter.query('ROLLBACK').catch(() => undefined);
    alter.release();
  }
});
