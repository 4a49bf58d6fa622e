// Composition root of the command API: the only place that reads the environment. Wires the writer pool, the
// app and graceful shutdown (stop accepting, let in-flight transactions finish, then close the pool).
import { createServer, type Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import type pg from 'pg';
import { loadConfig } from '../../lib/config.js';
import { listen, serverLimitsFrom } from '../../lib/httpServer.js';
import { passwordsOf } from '../../lib/processSecrets.js';
import { refuseUnsafeProduction } from '../../lib/production.js';
import { withSecrets } from '../../lib/secrets.js';
import { createLogger, type Logger } from '../../lib/logger.js';
import { surviveConnectionErrors } from '../../lib/pgPool.js';
import { createWriterPool } from './adapters/postgres/pool.js';
import { createCommandApp } from './app.js';
import { commandConfigSchema } from './config.js';
import { startIdempotencyPurge } from './idempotencyPurge.js';

export { createCommandApp } from './app.js';
export type { CommandAppDeps } from './app.js';

export function createShutdown(server: Server, pool: pg.Pool, logger: Logger, graceMs: number, beforePoolEnd: () => Promise<void> = async () => undefined) {
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
      await beforePoolEnd();
      await pool.end();
      logger.info('stopped');
    })());
}

export async function main(env: Record<string, string | undefined> = process.env): Promise<void> {
  const settings = withSecrets(env);
  refuseUnsafeProduction(settings, { apiKeys: true, passwords: passwordsOf('command-api') });
  const config = loadConfig(commandConfigSchema, settings);
  const logger = createLogger('command-api', config.LOG_LEVEL);
  const pool = createWriterPool({
    host: config.PG_HOST, port: config.PG_PORT, database: config.PG_DATABASE,
    user: config.PG_WRITER_USER, password: config.PG_WRITER_PASSWORD, max: config.PG_POOL_MAX,
  });
  // An idle client losing its connection must not crash the process; the next checkout reconnects.
  surviveConnectionErrors(pool, (error) => logger.warn({ err: error }, 'Postgres connection error'));
  const app = createCommandApp({
    pool, logger, apiKeys: config.API_KEYS, apiKeySecret: config.API_KEY_SECRET, bodyLimit: config.API_BODY_LIMIT, defaultMetrics: true, queueMax: config.PG_POOL_QUEUE_MAX,
    rateLimit: { windowMs: config.API_RATE_WINDOW_MS, limit: config.API_RATE_LIMIT },
    ipRateLimit: { windowMs: config.API_RATE_WINDOW_MS, limit: config.API_IP_RATE_LIMIT },
  });
  const server = createServer(app);
  const address = await listen(server, config.API_COMMAND_PORT, serverLimitsFrom(config));
  logger.info({ host: address.address, port: address.port }, 'command API listening');
  const purge = startIdempotencyPurge({ pool, logger, windowHours: config.API_IDEMPOTENCY_WINDOW_HOURS, intervalMs: config.API_IDEMPOTENCY_PURGE_INTERVAL_MS });
  const shutdown = createShutdown(server, pool, logger, config.API_SHUTDOWN_GRACE_MS, purge.stop);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void shutdown(signal));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    // Exit now: a refused setting or a port in use must not leave a half-started process (pools, timers) behind.
    process.exit(1);
  });
}
