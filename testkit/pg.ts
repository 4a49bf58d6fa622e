// Postgres connections for integration tests, from the same PG_* variables the processes use (.env.example).
// A scratch database gives a test whole-database isolation when it must compare checksums of every table.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate, migrateOptionsFromEnv } from '../infra/postgres/migrate.js';

const env = process.env;

// Read at each call, not at import: `npm test` points the environment at the test stack after its modules load
// (testkit/runTests.ts imports the fault suite, which connects through here).
const server = (db: string | undefined): Pick<pg.PoolConfig, 'host' | 'port' | 'database'> => ({
  host: env['PG_HOST'] ?? '127.0.0.1',
  port: Number(env['PG_PORT'] ?? 5432),
  database: db ?? env['PG_DATABASE'] ?? 'sluice',
});

export const writerConfig = (db?: string): pg.PoolConfig => ({
  ...server(db),
  user: env['PG_WRITER_USER'] ?? 'sluice_writer',
  password: env['PG_WRITER_PASSWORD'] ?? 'writer-dev',
});

export const adminConfig = (db?: string): pg.PoolConfig => ({
  ...server(db),
  user: env['PG_ADMIN_USER'] ?? 'postgres',
  password: env['PG_ADMIN_PASSWORD'] ?? 'sluice-admin-dev',
});

export const createWriterPool = (db?: string, max = 20): pg.Pool => new pg.Pool({ ...writerConfig(db), max });
export const createAdminPool = (db?: string, max = 5): pg.Pool => new pg.Pool({ ...adminConfig(db), max });

export interface ScratchDatabase {
  name: string;
  drop: () => Promise<void>;
}

/** A freshly migrated database of its own, dropped (forcibly) at the end. */
export async function createScratchDatabase(prefix = 'sluice_test'): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const options = migrateOptionsFromEnv({ ...env, PG_DATABASE: name });
  await migrate(options);
  const drop = async () => {
    const admin = new pg.Client(adminConfig('postgres'));
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  };
  return { name, drop };
}

/** One md5 per table over its full contents: any insert, update or delete changes it. */
export async function tableChecksums(pool: pg.Pool): Promise<Record<string, string>> {
  const tables = ['customers', 'products', 'orders', 'order_lines', 'payments', 'shipments', 'idempotency_keys'];
  const sums: Record<string, string> = {};
  for (const table of tables) {
    const { rows } = await pool.query<{ n: string; sum: string | null }>(
      `SELECT count(*) AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS sum FROM ${table} t`,
    );
    sums[table] = `${rows[0]?.n}:${rows[0]?.sum}`;
  }
  return sums;
}
