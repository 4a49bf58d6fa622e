// The transactional outbox against the real Postgres, read where Debezium reads it: the WAL. A temporary logical
// slot with the test_decoding plugin, in a scratch database of this test's own, shows every outbox insert and delete
// exactly as committed. Asserted: each command writes exactly its events, in its own transaction (the row's xid is
// the xid of the command's position token), and deletes them in that same transaction (the table stays empty); a
// refused command and an idempotent replay write nothing.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { decodePosition } from '../../lib/position.js';
import { startCommandApp, uniqueEmail, uniqueSku, type CommandClient } from '../../testkit/commandApp.js';
import { adminConfig, createScratchDatabase, type ScratchDatabase } from '../../testkit/pg.js';

interface WalRow { op: 'INSERT' | 'DELETE'; xid: string; columns: Record<string, string> }

// test_decoding prints `table public.outbox: INSERT: name[type]:value ...`; text values are quoted with '' escapes.
function parse(data: string, xid: string): WalRow | undefined {
  const head = /^table public\.outbox: (INSERT|DELETE): /.exec(data);
  if (!head) return undefined;
  const columns: Record<string, string> = {};
  for (const m of data.slice(head[0].length).matchAll(/(\w+)\[[^\]]+\]:('(?:[^']|'')*'|\S+)/g)) {
    const raw = m[2] as string;
    columns[m[1] as string] = raw.startsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : raw;
  }
  return { op: head[1] as WalRow['op'], xid, columns };
}

let scratch: ScratchDatabase;
let wal: pg.Client;
let api: CommandClient;
const slot = `outbox_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;

beforeAll(async () => {
  scratch = await createScratchDatabase('sluice_outbox_test');
  wal = new pg.Client(adminConfig(scratch.name));
  await wal.connect();
  // Temporary: dropped with this session, so a crashed run leaves no slot holding WAL.
  await wal.query("SELECT pg_create_logical_replication_slot($1, 'test_decoding', true)", [slot]);
  api = await startCommandApp({ database: scratch.name });
});

afterAll(async () => {
  await api?.close();
  await wal?.end();
  await scratch?.drop();
});

async function outboxChanges(): Promise<WalRow[]> {
  const { rows } = await wal.query<{ xid: string; data: string }>(
    "SELECT xid::text, data FROM pg_logical_slot_get_changes($1, NULL, NULL, 'include-xids', '1', 'skip-empty-xacts', '1')",
    [slot],
  );
  return rows.flatMap((r) => parse(r.data, r.xid) ?? []);
}

// test_decoding prints the 32-bit xid; the token and the xid column carry the 64-bit one (epoch in the high bits).
const low32 = (xid: bigint | string) => String(BigInt(xid) & 0xffffffffn);
const xidOf = (position: string) => low32(decodePosition(position).xid);

describe('the transactional outbox', () => {
  it('writes exactly the events of each committed command, in its transaction, and deletes them there too', async () => {
    const customer = await api.send('register-customer', { name: 'Ada', email: uniqueEmail(), city: 'Paris' });
    const product = await api.send('add-product', { sku: uniqueSku(), name: 'Lamp', category: 'home', priceCents: 500, stock: 3 });
    const order = await api.send('place-order', { customerId: customer.body.id, lines: [{ productId: product.body.id, quantity: 2 }] });
    expect([customer.status, product.status, order.status]).toEqual([201, 201, 201]);

    const changes = await outboxChanges();
    const inserts = changes.filter((c) => c.op === 'INSERT');
    expect(inserts.map((c) => [c.columns['event_type'], c.columns['aggregate_type'], c.columns['aggregate_id'], c.xid])).toEqual([
      ['CustomerRegistered', 'customer', customer.body.id, xidOf(customer.body.position)],
      ['ProductAdded', 'product', product.body.id, xidOf(product.body.position)],
      ['OrderPlaced', 'order', order.body.id, xidOf(order.body.position)],
    ]);
    // The xid column is the committing transaction's, the one the position token names.
    expect(inserts.every((c) => low32(c.columns['xid'] ?? '') === c.xid && c.columns['schema_version'] === '1')).toBe(true);
    expect(JSON.parse(inserts[2]?.columns['payload'] ?? '')).toEqual({
      orderId: order.body.id, customerId: customer.body.id, lines: [{ productId: product.body.id, quantity: 2, unitPriceCents: 500 }], totalCents: 1000,
    });
    // Each insert is deleted again in its own transaction: the WAL keeps the event, the table keeps nothing.
    const deletes = changes.filter((c) => c.op === 'DELETE').map((c) => [c.columns['id'], c.xid]);
    expect(deletes).toEqual(inserts.map((c) => [c.columns['id'], c.xid]));
    expect((await api.pool.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n).toBe(0);
  });

  it('writes nothing for a refused command, nor for an idempotent replay', async () => {
    const customer = await api.send('register-customer', { name: 'Bo', email: uniqueEmail() });
    const product = await api.send('add-product', { sku: uniqueSku(), name: 'Pen', category: 'office', priceCents: 100, stock: 1 });
    await outboxChanges(); // consume the set-up's events

    const tooMany = await api.send('place-order', { customerId: customer.body.id, lines: [{ productId: product.body.id, quantity: 2 }] });
    const stale = await api.send('change-product-price', { productId: product.body.id, priceCents: 200, expectedVersion: 7 });
    expect([tooMany.body.code, stale.body.code]).toEqual(['insufficient-stock', 'version-conflict']);
    const key = `outbox-${randomUUID()}`;
    const first = await api.send('rename-product', { productId: product.body.id, name: 'Ink pen' }, { idempotencyKey: key });
    const replay = await api.send('rename-product', { productId: product.body.id, name: 'Ink pen' }, { idempotencyKey: key });
    expect(replay.body).toEqual(first.body);

    const inserts = (await outboxChanges()).filter((c) => c.op === 'INSERT');
    expect(inserts.map((c) => [c.columns['event_type'], c.xid])).toEqual([['ProductRenamed', xidOf(first.body.position)]]);
    expect(JSON.parse(inserts[0]?.columns['payload'] ?? '')).toEqual({ productId: product.body.id, name: 'Ink pen', previousName: 'Pen' });
  });
});
