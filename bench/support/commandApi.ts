// The command and query APIs as their own processes, as in production, so a load generator does not steal their
// event loops.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { waitFor } from '../../lib/waitFor.js';
import { freePort } from '../../testkit/freePort.js';
import { progressIndex } from '../../lib/names.js';

export interface CommandApiProcess {
  url: string;
  key: string;
  child: ChildProcess;
  stop(): void;
}

export async function startCommandApi(pgConfig: pg.PoolConfig, key: string, opts: { poolSize?: number; env?: Record<string, string> } = {}): Promise<CommandApiProcess> {
  const port = await freePort();
  const env = {
    ...process.env, ...opts.env, LOG_LEVEL: 'silent', API_COMMAND_PORT: String(port), API_KEYS: `${key}:commands`, API_RATE_LIMIT: '1000000000',
    PG_HOST: String(pgConfig.host), PG_PORT: String(pgConfig.port), PG_DATABASE: String(pgConfig.database),
    PG_WRITER_USER: String(pgConfig.user), PG_WRITER_PASSWORD: String(pgConfig.password), PG_POOL_MAX: String(opts.poolSize ?? 20),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../../api/command/main.ts', import.meta.url))], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/ready`)).ok, { timeoutMs: 30_000, description: 'command API ready' });
  return { url, key, child, stop: () => void (child.exitCode === null && child.kill('SIGTERM')) };
}

/** The query API as its own process, reading the aliases under `indexPrefix` (and by default the progress index under it). */
export async function startQueryApi(
  indexPrefix: string,
  key: string,
  opts: { esUrl?: string; progressIndex?: string; probe?: '/ready' | '/health' } = {},
): Promise<{ url: string; key: string; child: ChildProcess; stop(): void }> {
  const port = await freePort();
  const env = {
    ...process.env, LOG_LEVEL: 'silent', API_QUERY_PORT: String(port), API_KEYS: `${key}:queries`, API_RATE_LIMIT: '1000000000',
    ES_INDEX_PREFIX: indexPrefix, ES_PROGRESS_INDEX: opts.progressIndex ?? progressIndex(indexPrefix), ...(opts.esUrl ? { ES_URL: opts.esUrl } : {}),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../../api/query/main.ts', import.meta.url))], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}${opts.probe ?? '/ready'}`)).ok, { timeoutMs: 30_000, description: 'query API ready' });
  return { url, key, child, stop: () => void (child.exitCode === null && child.kill('SIGTERM')) };
}
