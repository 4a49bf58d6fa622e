// Composition root of the query API: the only place that reads the environment. Wires the Elasticsearch read
// store, the app and graceful shutdown. No Postgres client exists in this process.
import { pathToFileURL } from 'node:url';
import { createServer } from 'node:http';
import { loadConfig } from '../../lib/config.js';
import { listen, serverLimitsFrom } from '../../lib/httpServer.js';
import { passwordsOf } from '../../lib/processSecrets.js';
import { refuseUnsafeProduction } from '../../lib/production.js';
import { withSecrets } from '../../lib/secrets.js';
import { createLogger } from '../../lib/logger.js';
// The composition root reads the registered declarations and hands them over as data; nothing else in the query
// API imports projector code (eslint.config.js).
import { projections } from '../../model/registry.js';
import { createReadStore } from './adapters/elasticsearch/readStore.js';
import { createQueryApp } from './app.js';
import { queryConfigSchema } from './config.js';

export { createQueryApp } from './app.js';
export type { QueryAppDeps } from './app.js';

export async function main(env: Record<string, string | undefined> = process.env): Promise<void> {
  const settings = withSecrets(env);
  refuseUnsafeProduction(settings, { apiKeys: true, passwords: passwordsOf('query-api'), httpsUrls: ['ES_URL'] });
  const config = loadConfig(queryConfigSchema, settings);
  const logger = createLogger('query-api', config.LOG_LEVEL);
  const store = createReadStore({
    es: { url: config.ES_URL, caFile: config.ES_CA_FILE, username: config.ES_QUERY_USER, password: config.ES_QUERY_PASSWORD },
    indexPrefix: config.ES_INDEX_PREFIX, progressIndex: config.ES_PROGRESS_INDEX, requestTimeoutMs: config.ES_REQUEST_TIMEOUT_MS,
    searchTimeoutMs: config.ES_SEARCH_TIMEOUT_MS,
    projections: projections.map((p) => p.name),
  });
  const app = createQueryApp({
    projections, store, logger, apiKeys: config.API_KEYS, apiKeySecret: config.API_KEY_SECRET, defaultMetrics: true,
    rateLimit: { windowMs: config.API_RATE_WINDOW_MS, limit: config.API_RATE_LIMIT },
    ipRateLimit: { windowMs: config.API_RATE_WINDOW_MS, limit: config.API_IP_RATE_LIMIT },
    maxWaiters: config.API_MAX_POSITION_WAITERS,
  });
  const server = createServer(app);
  const address = await listen(server, config.API_QUERY_PORT, serverLimitsFrom(config));
  logger.info({ host: address.address, port: address.port }, 'query API listening');
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
    const force = setTimeout(() => server.closeAllConnections(), config.API_SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(() => void store.close().finally(() => logger.info('stopped')));
    server.closeIdleConnections();
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => shutdown(signal));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    // Exit now: a refused setting or a port in use must not leave a half-started process (pools, timers) behind.
    process.exit(1);
  });
}
