// The command and query APIs as their own processes, as in production, so a load generator does not steal their
// event loops (the benchmarks). Started through sluiceProcess.ts, with the keys and limits a load run needs.
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { progressIndex } from '../lib/names.js';
import { freePort } from './freePort.js';
import { startSluiceProcess } from './sluiceProcess.js';

export interface ApiProcess {
  url: string;
  key: string;
  child: ChildProcess;
  stop(): void;
}

const entry = (path: string): string => fileURLToPath(new URL(`../${path}`, import.meta.url));

async function startApi(path: string, port: number, key: string, env: Record<string, string | undefined>, probe: string): Promise<ApiProcess> {
  const api = startSluiceProcess(entry(path), { ...process.env, ...env, LOG_LEVEL: 'silent', API_RATE_LIMIT: '1000000000' });
  const url = `http://127.0.0.1:${port}`;
  await api.answers(url, probe, 30_000);
  return { url, key, child: api.child, stop: () => void api.stop() };
}

/** The command API as its own process against `pgConfig`, with one key of the commands scope. */
export async function startCommandApi(pgConfig: pg.PoolConfig, key: string, opts: { poolSize?: number; env?: Record<string, string> } = {}): Promise<ApiProcess> {
  const port = await freePort();
  return startApi('api/command/main.ts', port, key, {
    ...opts.env, API_COMMAND_PORT: String(port), API_KEYS: `${key}:commands`,
    PG_HOST: String(pgConfig.host), PG_PORT: String(pgConfig.port), PG_DATABASE: String(pgConfig.database),
    PG_WRITER_USER: String(pgConfig.user), PG_WRITER_PASSWORD: String(pgConfig.password), PG_POOL_MAX: String(opts.poolSize ?? 20),
  }, '/ready');
}

/** The query API as its own process, reading the aliases under `indexPrefix` (and by default the progress index under it). */
export async function startQueryApi(indexPrefix: string, key: string, opts: { esUrl?: string; progressIndex?: string; probe?: '/ready' | '/health' } = {}): Promise<ApiProcess> {
  const port = await freePort();
  return startApi('api/query/main.ts', port, key, {
    API_QUERY_PORT: String(port), API_KEYS: `${key}:queries`,
    ES_INDEX_PREFIX: indexPrefix, ES_PROGRESS_INDEX: opts.progressIndex ?? progressIndex(indexPrefix), ...(opts.esUrl ? { ES_URL: opts.esUrl } : {}),
  }, opts.probe ?? '/ready');
}
