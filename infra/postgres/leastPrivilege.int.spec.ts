// docs/reliability.md T40, Postgres: each role logs in with SCRAM, may do what its process does, and the server refuses
// what it does not (insufficient_privilege, 42501). Refused statements are ones the role's code never sends; every
// allowed write runs in a transaction that is rolled back, and refused deletes carry `WHERE false`, so a grant that
// came back would still change no row (the privilege is checked before any row is read).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { adminConfig } from '../../testkit/pg.js';
import { waitFor } from '../../lib/waitFor.js';

type Role = 'writer' | 'projector' | 'debezium' | 'ops';
const DEFAULT_PASSWORDS: Record<Role, string> = { writer: 'writer-dev', projector: 'projector-dev', debezium: 'debezium-dev', ops: 'ops-dev' };

const userOf = (role: Role): string => process.env[`PG_${role.toUpperCase()}_USER`] ?? `sluice_${role}`;

function roleConfig(role: Role, extra: pg.ClientConfig = {}): pg.ClientConfig {
  const { host, port, database } = adminConfig();
  const password = process.env[`PG_${role.toUpperCase()}_PASSWORD`] ?? DEFAULT_PASSWORDS[role];
  return { host, port, database, user: userOf(role), password, ...extra };
}

const opened: pg.Client[] = [];
async function connect(config: pg.ClientConfig): Promise<pg.Client> {
  const client = new pg.Client(config);
  client.on('error', () => undefined); // a terminated session reports here; the test asserts on its query instead
  await client.connect();
  opened.push(client);
  return client;
}
const as = (role: Role): Promise<pg.Client> => connect(roleConfig(role));

afterAll(async () => {
  await Promise.all(opened.map((c) => c.end().catch(() => undefined)));
});

const refused = async (client: pg.Client, sql: string): Promise<void> => {
  await expect(client.query(sql)).rejects.toMatchObject({ code: '42501' });
};

/** Runs the statements in a transaction that is always rolled back. */
async function rolledBack(client: pg.Client, statements: string[]): Promise<pg.QueryResult[]> {
  await client.query('BEGIN');
  try {
    const results: pg.QueryResult[] = [];
    for (const sql of statements) results.push(await client.query(sql));
    return results;
  } finally {
    await client.query('ROLLBACK');
  }
}

describe('Postgres passwords', () => {
  it('are stored as SCRAM-SHA-256 verifiers, and the server asks SCRAM on every TCP rule', async () => {
    const admin = await connect(adminConfig());
    expect((await admin.query('SHOW password_encryption')).rows[0]).toEqual({ password_encryption: 'scram-sha-256' });
    const users = (['writer', 'projector', 'debezium', 'ops'] as const).map(userOf);
    const { rows } = await admin.query<{ rolname: string; rolpassword: string }>('SELECT rolname, rolpassword FROM pg_authid WHERE rolname = ANY($1) ORDER BY rolname', [users]);
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row.rolpassword).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    const hba = await admin.query<{ type: string; auth_method: string }>("SELECT type, auth_method FROM pg_hba_file_rules WHERE type LIKE 'host%'");
    expect(hba.rows.length).toBeGreaterThan(0);
    expect(new Set(hba.rows.map((r) => r.auth_method))).toEqual(new Set(['scram-sha-256']));
  });

  it('a wrong password is refused (28P01)', async () => {
    await expect(connect({ ...roleConfig('writer'), password: `not-${randomUUID()}` })).rejects.toMatchObject({ code: '28P01' });
  });
});

describe('the writer (command API)', () => {
  let writer: pg.Client;
  beforeAll(async () => void (writer = await as('writer')));

  it('registers and changes a customer, as the command API does', async () => {
    const id = randomUUID();
    const [, , locked] = await rolledBack(writer, [
      `INSERT INTO customers (id, name, email, tier, version) VALUES ('${id}', 'T40', '${id}@example.com', 'standard', 1)`,
      `UPDATE customers SET name = 'T40 renamed', version = 2, updated_at = now() WHERE id = '${id}'`,
      `SELECT name FROM customers WHERE id = '${id}' FOR NO KEY UPDATE`,
    ]);
    expect(locked?.rows).toEqual([{ name: 'T40 renamed' }]);
  });

  it.each([
    ['delete customers', 'DELETE FROM customers WHERE false'],
    ['delete products', 'DELETE FROM products WHERE false'],
    ['delete orders', 'DELETE FROM orders WHERE false'],
    ['delete payments', 'DELETE FROM payments WHERE false'],
    ['delete shipments', 'DELETE FROM shipments WHERE false'],
    ['truncate a table', 'TRUNCATE order_lines'],
    ['update a key or a creation time', 'UPDATE customers SET id = id, created_at = created_at WHERE false'],
    ['update order lines (removed and added, never changed)', 'UPDATE order_lines SET quantity = 1 WHERE false'],
    ['read payments', 'SELECT * FROM payments LIMIT 1'],
    ['create a replication slot', "SELECT pg_create_logical_replication_slot('t40_writer', 'pgoutput', true)"],
    ['create a table', 'CREATE TABLE t40_writer (id int)'],
    ['create a temporary table', 'CREATE TEMP TABLE t40_writer (id int)'],
    ['touch the summary rows of incremental aggregates', 'SELECT * FROM sluice.aggregate LIMIT 1'],
    ['write the heartbeat', 'UPDATE sluice_heartbeat SET beat_at = now() WHERE false'],
    ['signal Debezium', "INSERT INTO sluice_signal (id, type) VALUES ('t40', 'log')"],
  ])('may not %s', async (_what, sql) => {
    await refused(writer, sql);
  });
});

describe('the projector', () => {
  let projector: pg.Client;
  beforeAll(async () => void (projector = await as('projector')));

  it('reads the business tables in a read-only snapshot', async () => {
    const [, counted] = await rolledBack(projector, [
      'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY',
      'SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM order_lines) + (SELECT count(*) FROM customers) AS n',
    ]);
    expect(Number(counted?.rows[0]?.n)).toBeGreaterThanOrEqual(0);
  });

  it('keeps the summary rows of incremental aggregates in its own schema (docs/design.md decision 11)', async () => {
    const [, kept] = await rolledBack(projector, [
      "INSERT INTO sluice.aggregate (field, root, value) VALUES ('t40', 'r', 1) ON CONFLICT (field, root) DO UPDATE SET value = sluice.aggregate.value + 1",
      "SELECT value FROM sluice.aggregate WHERE field = 't40'",
    ]);
    expect(kept?.rows).toEqual([{ value: '1' }]);
  });

  it.each([
    ['insert', "INSERT INTO customers (id, name, email) VALUES (gen_random_uuid(), 'x', 'x@example.com')"],
    ['update', "UPDATE products SET name = 'x' WHERE false"],
    ['delete', 'DELETE FROM orders WHERE false'],
    ['read idempotency keys (other callers’ responses)', 'SELECT * FROM idempotency_keys LIMIT 1'],
    ['read the outbox', 'SELECT * FROM outbox LIMIT 1'],
    ['create a table in the summary schema', 'CREATE TABLE sluice.t40 (id int)'],
  ])('may not %s', async (_what, sql) => {
    await refused(projector, sql);
  });
});

describe('Debezium', () => {
  let debezium: pg.Client;
  beforeAll(async () => void (debezium = await as('debezium')));

  it('reads captured tables, beats its heartbeats and may replicate', async () => {
    const [read, beat, outboxBeat] = await rolledBack(debezium, [
      'SELECT count(*) AS n FROM customers',
      'UPDATE sluice_heartbeat SET beat_at = now() WHERE id = 1',
      'UPDATE outbox_heartbeat SET beat_at = now() WHERE id = 1',
    ]);
    expect(Number(read?.rows[0]?.n)).toBeGreaterThanOrEqual(0);
    expect([beat?.rowCount, outboxBeat?.rowCount]).toEqual([1, 1]);
    const replication = await connect(roleConfig('debezium', { replication: 'database' } as pg.ClientConfig));
    expect((await replication.query('IDENTIFY_SYSTEM')).rows[0]).toHaveProperty('systemid');
  });

  it.each([
    ['insert into a captured table', "INSERT INTO customers (id, name, email) VALUES (gen_random_uuid(), 'x', 'x@example.com')"],
    ['update a captured table', "UPDATE orders SET note = 'x' WHERE false"],
    ['delete from a captured table', 'DELETE FROM products WHERE false'],
    ['insert into the outbox', "INSERT INTO outbox (aggregate_type, aggregate_id, event_type, schema_version, payload) VALUES ('x', 'x', 'x', 1, '{}')"],
    ['delete signals', 'DELETE FROM sluice_signal WHERE false'],
    ['read idempotency keys', 'SELECT * FROM idempotency_keys LIMIT 1'],
  ])('may not %s', async (_what, sql) => {
    await refused(debezium, sql);
  });
});

describe('ops', () => {
  let ops: pg.Client;
  beforeAll(async () => void (ops = await as('ops')));

  it('reads pg_stat_replication and ends a walsender (pg_signal_backend), as connector recovery does', async () => {
    const walsender = await connect(roleConfig('debezium', { replication: 'database', application_name: `t40-${randomUUID()}` } as pg.ClientConfig));
    const name = (walsender as unknown as { connectionParameters: { application_name: string } }).connectionParameters.application_name;
    const row = await waitFor(async () => (await ops.query<{ pid: number; usename: string }>('SELECT pid, usename FROM pg_stat_replication WHERE application_name = $1', [name])).rows[0], {
      timeoutMs: 10_000,
      description: 'the walsender in pg_stat_replication',
    });
    expect(row.usename).toBe(userOf('debezium'));
    expect((await ops.query('SELECT pg_terminate_backend($1) AS ended', [row.pid])).rows[0]).toEqual({ ended: true });
    await expect(walsender.query('IDENTIFY_SYSTEM')).rejects.toThrow();
  });

  it('may not end a superuser session', async () => {
    const admin = await connect(adminConfig());
    const { rows } = await admin.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await expect(ops.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid])).rejects.toMatchObject({ code: '42501' });
    expect((await admin.query('SELECT 1 AS alive')).rows).toEqual([{ alive: 1 }]);
  });

  it.each([
    ['read customers', 'SELECT * FROM customers LIMIT 1'],
    ['read orders', 'SELECT * FROM orders LIMIT 1'],
    ['read idempotency keys', 'SELECT * FROM idempotency_keys LIMIT 1'],
    ['write', "UPDATE sluice_heartbeat SET beat_at = now() WHERE false"],
    ['create a replication slot', "SELECT pg_create_logical_replication_slot('t40_ops', 'pgoutput', true)"],
  ])('may not %s', async (_what, sql) => {
    await refused(ops, sql);
  });
});
