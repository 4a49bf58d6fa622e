// Brings a Postgres server to the schema the code expects: the database, the four least-privilege roles
// (passwords from configuration, so they never live in SQL files), then the SQL migrations via node-pg-migrate.
// Idempotent: safe to run on every start and from several processes (node-pg-migrate takes an advisory lock).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { runner } from 'node-pg-migrate';
import { z } from 'zod';
import { loadConfig } from '../../lib/config.js';
import { scramComputable, scramMatches, scramVerifier } from './scram.js';

export interface RoleSpec {
  name: string;
  password: string;
  replication?: boolean;
}

export interface MigrateOptions {
  /** Superuser URL of the application database, e.g. postgres://postgres:pw@127.0.0.1:5432/sluice. */
  adminUrl: string;
  roles: RoleSpec[];
  log?: (message: string) => void;
}

export const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function ensureDatabase(adminUrl: string): Promise<void> {
  const url = new URL(adminUrl);
  const database = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  await withClient(url.toString(), async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount) return;
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
    } catch (error) {
      // 42P04 duplicate_database: another migrator won the race, which is fine.
      if ((error as { code?: string }).code !== '42P04') throw error;
    }
  });
}

interface StoredRole {
  rolcanlogin: boolean;
  rolreplication: boolean;
  rolpassword: string | null;
}

// pg_authid (the stored verifier) is readable by superusers only; another migrating admin rewrites the password.
async function storedRole(client: pg.Client, name: string): Promise<StoredRole | undefined> {
  const sql = (source: string) => `SELECT rolcanlogin, rolreplication, ${source === 'pg_authid' ? 'rolpassword' : 'NULL AS rolpassword'} FROM ${source} WHERE rolname = $1`;
  try {
    return (await client.query<StoredRole>(sql('pg_authid'), [name])).rows[0];
  } catch (error) {
    if ((error as { code?: string }).code !== '42501') throw error; // insufficient_privilege
    return (await client.query<StoredRole>(sql('pg_roles'), [name])).rows[0];
  }
}

// Passwords are stored as SCRAM-SHA-256 verifiers (./scram.ts), computed here where possible so that the password
// itself is never part of a statement; a role whose stored verifier already matches is left as it is.
async function ensureRole(client: pg.Client, role: RoleSpec): Promise<void> {
  const current = await storedRole(client, role.name);
  if (current?.rolcanlogin && current.rolreplication === Boolean(role.replication) && scramMatches(current.rolpassword, role.password)) return;
  await client.query("SET password_encryption = 'scram-sha-256'");
  const secret = scramComputable(role.password) ? scramVerifier(role.password) : role.password;
  const attributes = `LOGIN ${role.replication ? 'REPLICATION' : 'NOREPLICATION'} PASSWORD ${client.escapeLiteral(secret)}`;
  try {
    await client.query(`${current ? 'ALTER' : 'CREATE'} ROLE ${client.escapeIdentifier(role.name)} WITH ${attributes}`);
  } catch (error) {
    // 42710 duplicate_object: created concurrently; converge its attributes instead.
    if ((error as { code?: string }).code !== '42710') throw error;
    await client.query(`ALTER ROLE ${client.escapeIdentifier(role.name)} WITH ${attributes}`);
  }
}

export async function migrate({ adminUrl, roles, log = () => undefined }: MigrateOptions): Promise<string[]> {
  await ensureDatabase(adminUrl);
  await withClient(adminUrl, async (client) => {
    for (const role of roles) await ensureRole(client, role);
  });
  const applied = await runner({
    databaseUrl: adminUrl,
    dir: migrationsDir,
    migrationsTable: 'pgmigrations',
    direction: 'up',
    checkOrder: true,
    singleTransaction: true,
    log,
  });
  return applied.map((migration) => migration.name);
}

const envSchema = z.object({
  PG_HOST: z.string().default('127.0.0.1'), // where Postgres listens
  PG_PORT: z.coerce.number().int().min(1).max(65535).default(5432), // Postgres port
  PG_DATABASE: z.string().min(1).default('sluice'), // application database
  PG_ADMIN_USER: z.string().min(1).default('postgres'), // superuser for migrations only
  PG_ADMIN_PASSWORD: z.string().default('sluice-admin-dev'),
  PG_WRITER_USER: z.string().min(1).default('sluice_writer'), // command API role
  PG_WRITER_PASSWORD: z.string().min(1).default('writer-dev'),
  PG_PROJECTOR_USER: z.string().min(1).default('sluice_projector'), // read-only projector role
  PG_PROJECTOR_PASSWORD: z.string().min(1).default('projector-dev'),
  PG_DEBEZIUM_USER: z.string().min(1).default('sluice_debezium'), // replication role
  PG_DEBEZIUM_PASSWORD: z.string().min(1).default('debezium-dev'),
  PG_OPS_USER: z.string().min(1).default('sluice_ops'), // monitoring role
  PG_OPS_PASSWORD: z.string().min(1).default('ops-dev'),
});

/** Builds migrate() options from PG_* variables (used by the CLI and by test setup). */
export function migrateOptionsFromEnv(env: Record<string, string | undefined>): MigrateOptions {
  const c = loadConfig(envSchema, env);
  const adminUrl = new URL(`postgres://${c.PG_HOST}:${c.PG_PORT}`);
  adminUrl.username = c.PG_ADMIN_USER;
  adminUrl.password = c.PG_ADMIN_PASSWORD;
  adminUrl.pathname = `/${encodeURIComponent(c.PG_DATABASE)}`;
  return {
    adminUrl: adminUrl.toString(),
    roles: [
      { name: c.PG_WRITER_USER, password: c.PG_WRITER_PASSWORD },
      { name: c.PG_PROJECTOR_USER, password: c.PG_PROJECTOR_PASSWORD },
      { name: c.PG_DEBEZIUM_USER, password: c.PG_DEBEZIUM_PASSWORD, replication: true },
      { name: c.PG_OPS_USER, password: c.PG_OPS_PASSWORD },
    ],
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  migrate({ ...migrateOptionsFromEnv(process.env), log: (m) => console.log(m) })
    .then((names) => console.log(names.length ? `applied: ${names.join(', ')}` : 'schema up to date'))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    });
}
