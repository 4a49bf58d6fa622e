// Incremental aggregates against the real Postgres (a scratch database), written to as the projector's own role:
// every change is fed to the summary store as the images Debezium delivers (REPLICA IDENTITY FULL), and after each
// step the customers' and products' documents read from the summary rows must equal those recomputed from the
// source rows and the reference documents built apart from the projection code. Redelivery and a late, older
// change are no-ops; a drift planted behind the store's back is seen and repaired.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { withSecrets } from '../../../lib/secrets.js';
import type { Row, RowChange } from '../../../model/change/change.js';
import { customersProjection } from '../../../model/projections/customers/customers.js';
import { productsProjection } from '../../../model/projections/products/products.js';
import { hydrationSql } from '../../../model/projections/sql.js';
import { adminConfig, createScratchDatabase, type ScratchDatabase } from '../../../testkit/pg.js';
import { expectedDocuments } from '../../../testkit/referenceDocs.js';
import { loadProjectorConfig, settingsFrom } from '../../config.js';
import type { SqlPool } from '../../ports.js';
import { createPostgresPool } from './pool.js';
import { createSummaryStore, type SummaryStore } from './summaries.js';

const projections = [customersProjection, productsProjection];
let scratch: ScratchDatabase;
let admin: pg.Pool;
let projectorPool: SqlPool;
let store: SummaryStore;
const ids: Record<'customers' | 'products', string[]> = { customers: [], products: [] };

beforeAll(async () => {
  scratch = await createScratchDatabase('sluice_summary');
  admin = new pg.Pool({ ...adminConfig(scratch.name), max: 2 });
  projectorPool = createPostgresPool({ ...settingsFrom(loadProjectorConfig(withSecrets(process.env))).postgres, database: scratch.name, max: 2 });
  store = createSummaryStore(projectorPool, projections);
  await store.build();
}, 60_000);
afterAll(async () => {
  await projectorPool?.end();
  await admin?.end();
  await scratch?.drop();
});

const rowOf = async (table: string, where: string, params: unknown[]): Promise<Row[]> =>
  (await admin.query<{ r: Row }>(`SELECT row_to_json(t) AS r FROM ${table} t WHERE ${where}`, params)).rows.map((x) => x.r);
const change = (table: string, before: Row | null, after: Row | null): RowChange =>
  ({ kind: before === null ? 'create' : after === null ? 'delete' : 'update', table, before, after, source: { lsn: null, txId: null, tsMs: null }, coordinates: { topic: 't', partition: 0, offset: '0' } }) as RowChange;

/** Runs `sql` and returns the changes Debezium would deliver for the rows of `table` that `where` names. */
async function write(table: string, where: string, params: unknown[], sql: string, sqlParams: unknown[]): Promise<RowChange[]> {
  const before = await rowOf(table, where, params);
  await admin.query(sql, sqlParams);
  const after = await rowOf(table, where, params);
  const key = (r: Row) => JSON.stringify([r['id'], r['order_id'], r['product_id']]);
  const keys = new Set([...before, ...after].map(key));
  return [...keys].map((k) => change(table, before.find((r) => key(r) === k) ?? null, after.find((r) => key(r) === k) ?? null));
}

const summaryChecksum = async (): Promise<string> =>
  (await admin.query<{ s: string }>("SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) || (SELECT md5(string_agg(c::text, '|' ORDER BY c::text)) FROM sluice.contribution c) AS s FROM sluice.aggregate t WHERE t.value <> 0")).rows[0]!.s;

/** Per projection: documents from the summary rows, recomputed, and the reference ones. */
async function documents(): Promise<Record<string, { summary: unknown; recomputed: unknown; reference: unknown }>> {
  const out: Record<string, { summary: unknown; recomputed: unknown; reference: unknown }> = {};
  for (const p of projections) {
    const list = ids[p.name];
    const read = async (recompute: boolean) => Object.fromEntries((await admin.query<{ id: string; doc: unknown }>(hydrationSql(p, { recompute }), [list])).rows.map((r) => [r.id, r.doc]));
    out[p.name] = { summary: await read(false), recomputed: await read(true), reference: Object.fromEntries(await expectedDocuments(admin, p.name, list)) };
  }
  return out;
}

async function expectExact(): Promise<void> {
  for (const d of Object.values(await documents())) {
    expect(d.summary).toEqual(d.recomputed);
    expect(d.summary).toEqual(d.reference);
  }
}

const customer = async () => {
  const id = randomUUID();
  await admin.query("INSERT INTO customers (id, name, email) VALUES ($1, 'S', $2)", [id, `${id}@example.com`]);
  ids.customers.push(id);
  return id;
};
const product = async () => {
  const id = randomUUID();
  await admin.query("INSERT INTO products (id, sku, name, category, price_cents, stock) VALUES ($1, $2, 'P', 'c', 100, 10)", [id, id.slice(0, 12)]);
  ids.products.push(id);
  return id;
};
const placeOrder = async (customerId: string, status: string, lines: Array<[string, number]>): Promise<{ id: string; changes: RowChange[] }> => {
  const id = randomUUID();
  const changes = await write('orders', 'id = $1', [id], 'INSERT INTO orders (id, customer_id, status, total_cents) VALUES ($1, $2, $3, 700)', [id, customerId, status]);
  for (const [productId, quantity] of lines) {
    changes.push(...(await write('order_lines', 'order_id = $1 AND product_id = $2', [id, productId], 'INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents) VALUES ($1, $2, $3, 250)', [id, productId, quantity])));
  }
  return { id, changes };
};

describe('incremental aggregates kept in summary rows', () => {
  let a: string, b: string, p: string, q: string;
  let paid: { id: string; changes: RowChange[] };
  let pending: { id: string; changes: RowChange[] };

  beforeAll(async () => {
    [a, b, p, q] = [await customer(), await customer(), await product(), await product()];
    paid = await placeOrder(a, 'paid', [[p, 2], [q, 1]]);
    pending = await placeOrder(a, 'pending', [[p, 3]]);
    await store.refresh([...paid.changes, ...pending.changes]);
  });

  it('equal the recomputed and the reference documents after orders are placed', async () => {
    await expectExact();
    const docs = await documents();
    expect((docs['customers']!.summary as Record<string, Record<string, unknown>>)[a]).toMatchObject({ orderCount: 2, lifetimeValueCents: 700, unitsPurchased: 3 });
  });

  it('a redelivered batch, and an older change arriving after a newer one, change nothing', async () => {
    const before = await summaryChecksum();
    await store.refresh([...paid.changes, ...pending.changes]);
    await store.refresh(paid.changes.slice().reverse());
    expect(await summaryChecksum()).toBe(before);
    await expectExact();
  });

  it('a status change moves an order out of the FILTERed sums and a line quantity change moves the sums', async () => {
    const cancelled = await write('orders', 'id = $1', [paid.id], "UPDATE orders SET status = 'cancelled' WHERE id = $1", [paid.id]);
    await store.refresh(cancelled);
    await expectExact();
    expect(((await documents())['customers']!.summary as Record<string, Record<string, unknown>>)[a]).toMatchObject({ orderCount: 2, lifetimeValueCents: 0 });
    const paidNow = await write('orders', 'id = $1', [pending.id], "UPDATE orders SET status = 'paid' WHERE id = $1", [pending.id]);
    const more = await write('order_lines', 'order_id = $1', [pending.id], 'UPDATE order_lines SET quantity = 5 WHERE order_id = $1', [pending.id]);
    await store.refresh([...paidNow, ...more]);
    await expectExact();
    expect(((await documents())['products']!.summary as Record<string, Record<string, unknown>>)[p]).toMatchObject({ unitsSold: 5, revenueCents: 1250 });
  });

  it('an order moved to another customer, a line removed and an order deleted move their shares', async () => {
    const moved = await write('orders', 'id = $1', [pending.id], 'UPDATE orders SET customer_id = $2 WHERE id = $1', [pending.id, b]);
    const removed = await write('order_lines', 'order_id = $1 AND product_id = $2', [paid.id, q], 'DELETE FROM order_lines WHERE order_id = $1 AND product_id = $2', [paid.id, q]);
    await store.refresh([...moved, ...removed]);
    await expectExact();
    // The delete cascades to the lines: Debezium delivers each line's delete and the order's.
    const lines = await write('order_lines', 'order_id = $1', [pending.id], 'SELECT 1', []);
    const gone = await write('orders', 'id = $1', [pending.id], 'DELETE FROM orders WHERE id = $1', [pending.id]);
    await store.refresh([...lines.map((c) => change('order_lines', c.after, null)), ...gone]);
    await expectExact();
    expect(((await documents())['customers']!.summary as Record<string, Record<string, unknown>>)[b]).toMatchObject({ orderCount: 0, unitsPurchased: 0 });
  });

  it('a summary row changed behind the store is told apart from the recomputed value and repaired', async () => {
    await admin.query("UPDATE sluice.aggregate SET value = value + 7 WHERE field LIKE 'customers.orderCount#%' AND root = $1", [a]);
    await admin.query("UPDATE sluice.contribution SET value = value + 100 WHERE field LIKE 'products.unitsSold#%' AND root = $1", [p]);
    const drifted = await documents();
    expect(drifted['customers']!.summary).not.toEqual(drifted['customers']!.recomputed);
    await store.repairRoots('customers', [a]);
    const half = await documents();
    expect(half['customers']!.summary).toEqual(half['customers']!.recomputed);
    await store.repairRoots('products', [p]);
    await expectExact();
  });

  it('refuses nothing the projector role needs, and a build from scratch agrees with what the refreshes kept', async () => {
    const kept = await summaryChecksum();
    const changed: unknown[] = [];
    expect(await store.build({ force: true, changed: async (c) => void changed.push(c) })).toHaveLength(5);
    expect(await summaryChecksum()).toBe(kept);
    expect(changed).toEqual([]);
  });

  it('a rebuild that corrects a drifted aggregate names its root, inside its transaction, and only it', async () => {
    await admin.query("UPDATE sluice.aggregate SET value = value + 7 WHERE field LIKE 'customers.orderCount#%' AND root = $1", [a]);
    const changed: Array<{ projection: string; roots: readonly string[]; txId: number; status: string }> = [];
    const statusOf = async (txId: number) =>
      (await admin.query<{ s: string }>('SELECT pg_xact_status(($1::bigint + pg_snapshot_xmax(pg_current_snapshot())::text::bigint / 4294967296 * 4294967296)::text::xid8) AS s', [txId])).rows[0]!.s;
    await store.build({ force: true, changed: async (c) => void changed.push({ ...c, status: await statusOf(c.txId) }) });
    expect(changed).toEqual([{ projection: 'customers', roots: [a], txId: expect.any(Number), status: 'in progress' }]);
    await expectExact();
  });
});
