// A change reaches Kafka before its transaction is visible to other sessions (the commit is in the WAL first), so
// the resolve stage can hand the summary store a change its own snapshot does not see yet. A refresh that read the
// rows then would leave the change out of the summary for good (an order's count share is recomputed only when the
// order is inserted, deleted or moved), and the document hydrated after it would be stale although every causing
// transaction was visible to its snapshot. Here the inserting transaction is held open, which a snapshot cannot tell
// apart from committed-but-not-yet-visible, and it commits from inside the store's wait.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { withSecrets } from '../../../lib/secrets.js';
import type { Row, RowChange } from '../../../model/change/change.js';
import { customersProjection } from '../../../model/projections/customers/customers.js';
import { hydrationSql } from '../../../model/projections/sql.js';
import { adminConfig, createScratchDatabase, type ScratchDatabase } from '../../../testkit/pg.js';
import { loadProjectorConfig, settingsFrom } from '../../config.js';
import type { SqlPool } from '../../ports.js';
import { createPostgresPool } from './pool.js';
import { createSummaryStore } from './summaries.js';

let scratch: ScratchDatabase;
let admin: pg.Pool;
let projectorPool: SqlPool;

beforeAll(async () => {
  scratch = await createScratchDatabase('sluice_summary_vis');
  admin = new pg.Pool({ ...adminConfig(scratch.name), max: 3 });
  projectorPool = createPostgresPool({ ...settingsFrom(loadProjectorConfig(withSecrets(process.env))).postgres, database: scratch.name, max: 2 });
  await createSummaryStore(projectorPool, [customersProjection]).build();
}, 60_000);
afterAll(async () => {
  await projectorPool?.end();
  await admin?.end();
  await scratch?.drop();
});

/** The customer's document as hydrated from the summary rows, and as recomputed from the source rows. */
async function documents(id: string): Promise<{ summary: unknown; recomputed: unknown }> {
  const read = async (recompute: boolean) => (await admin.query<{ doc: unknown }>(hydrationSql(customersProjection, { recompute }), [[id]])).rows[0]?.doc;
  return { summary: await read(false), recomputed: await read(true) };
}

it('a refresh handed a change whose transaction it cannot see yet waits for it, and counts the order it brought', async () => {
  const customer = randomUUID();
  await admin.query("INSERT INTO customers (id, name, email) VALUES ($1, 'V', $2)", [customer, `${customer}@example.com`]);
  const tx = await admin.connect();
  let committed = false;
  const commit = async () => {
    if (committed) return;
    committed = true;
    await tx.query('COMMIT');
  };
  try {
    await tx.query('BEGIN');
    const order = randomUUID();
    await tx.query("INSERT INTO orders (id, customer_id, status, total_cents) VALUES ($1, $2, 'paid', 700)", [order, customer]);
    const { xid, after } = (await tx.query<{ xid: string; after: Row }>('SELECT (pg_current_xact_id()::text::bigint % 4294967296)::text AS xid, row_to_json(o) AS after FROM orders o WHERE id = $1', [order])).rows[0]!;
    const change = { kind: 'create', table: 'orders', before: null, after, source: { lsn: null, txId: Number(xid), tsMs: null }, coordinates: { topic: 't', partition: 0, offset: '0' } } as RowChange;
    let sleeps = 0;
    const store = createSummaryStore(projectorPool, [customersProjection], { sleep: async () => void (++sleeps === 1 && (await commit())) });
    const refreshed = await store.refresh([change]);
    await commit();
    const docs = await documents(customer);
    expect(docs.summary).toEqual(docs.recomputed);
    expect(docs.summary).toMatchObject({ orderCount: 1, lifetimeValueCents: 700 });
    expect(refreshed?.waits).toBeGreaterThan(0);
  } finally {
    await commit().catch(() => undefined);
    tx.release();
  }
});

it('gives up with a retriable error when a causing transaction stays invisible past the bound', async () => {
  const customer = randomUUID();
  await admin.query("INSERT INTO customers (id, name, email) VALUES ($1, 'W', $2)", [customer, `${customer}@example.com`]);
  const tx = await admin.connect();
  try {
    await tx.query('BEGIN');
    const { xid } = (await tx.query<{ xid: string }>('SELECT (pg_current_xact_id()::text::bigint % 4294967296)::text AS xid')).rows[0]!;
    const after = { id: randomUUID(), customer_id: customer, status: 'paid', total_cents: 1 };
    const change = { kind: 'create', table: 'orders', before: null, after, source: { lsn: null, txId: Number(xid), tsMs: null }, coordinates: { topic: 't', partition: 0, offset: '0' } } as RowChange;
    let clock = 0;
    const store = createSummaryStore(projectorPool, [customersProjection], { visibilityTimeoutMs: 1_000, now: () => clock, sleep: async (ms) => void (clock += ms * 10) });
    await expect(store.refresh([change])).rejects.toMatchObject({ retriable: true });
  } finally {
    await tx.query('ROLLBACK');
    tx.release();
  }
});
