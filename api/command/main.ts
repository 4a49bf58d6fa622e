// Composition root of the command API: the only place that reads the environment. Wires the writer pool, the
// app and graceful shutdown (stop accepting, let in-flight transactions finish, then close the pool).
import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import type pg from 'pg';
import { loadConfig } from '../../lib/config.js';
import { withSecrets } from '../../lib/secrets.js';
import { createLogger, type Logger } from '../../lib/logger.js';
import { surviveConnectionErrors } from '../../lib/pgPool.js';
import { createWriterPool } from './adapters/postgres/pool.js';
import { createCommandApp } from './app.js';
import { commandConfigSchema } from './config.js';

export { createCommandApp } from './app.js';
export type { CommandAppDeps } from './app.js';

export function createShutdown(server: Server, pool: pg.Pool, logger: Logger, graceMs: number) {
  let stopping: Promise<void> | undefined;
  return (signal: string): Promise<void> =>
    (stopping ??= (async () => {
      logger.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
      const force = setTimeout(() => server.closeAllConnections(), graceMs);
      force.unref();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
      clearTimeout(force);
      await pool.end();
      logger.info('stopped');
    })());
}

export async function main(env: Record<string, string | undefined> = process.env): Promise<void> {
  const config = loadConfig(commandConfigSchema, withSecrets(env));
  const logger = createLogger('command-api', config.LOG_LEVEL);
  const pool = createWriterPool({
    host: config.PG_HOST, port: config.PG_PORT, database: config.PG_DATABASE,
    user: config.PG_WRITER_USER, password: config.PG_WRITER_PASSWORD, max: config.PG_POOL_MAX,
  });
  // An idle client losing its connection must not crash the process; the next checkout reconnects.
  surviveConnectionErrors(pool, (error) => logger.warn({ err: error }, 'Postgres connection error'));
  const app = createCommandApp({
    pool, logger, apiKeys: config.API_KEYS, bodyLimit: config.API_BODY_LIMIT, defaultMetrics: true,
    rateLimit: { windowMs: config.API_RATE_WINDOW_MS, limit: config.API_RATE_LIMIT },
  });
  const server = app.listen(config.API_COMMAND_PORT, () => logger.info({ port: config.API_COMMAND_PORT }, 'command API listening'));
  const shutdown = createShutdown(server, pool, logger, config.API_SHUTDOWN_GRACE_MS);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void shutdown(signal));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
