// Composition root of the operations service: the only place that reads the environment. Wires the probes,
// starts the background collection loop and the HTTP app, and shuts both down on SIGTERM/SIGINT.
import { pathToFileURL } from 'node:url';
import { createServer } from 'node:http';
import { loadConfig } from '../../lib/config.js';
import { listen, serverLimitsFrom } from '../../lib/httpServer.js';
import { passwordsOf } from '../../lib/processSecrets.js';
import { refuseUnsafeProduction } from '../../lib/production.js';
import { withSecrets } from '../../lib/secrets.js';
import { createLogger } from '../../lib/logger.js';
import { createOpsApp } from './app.js';
import { opsConfigSchema } from './config.js';
import { createOpsRuntime } from './wiring.js';

export async function main(env: Record<string, string | undefined> = process.env): Promise<void> {
  const settings = withSecrets(env);
  refuseUnsafeProduction(settings, { apiKeys: true, passwords: passwordsOf('ops'), httpsUrls: ['ES_URL'], presentedKeys: ['PROJECTOR_METRICS_KEY'] });
  const config = loadConfig(opsConfigSchema, settings);
  const logger = createLogger('ops', config.LOG_LEVEL);
  const runtime = createOpsRuntime(config, logger);
  runtime.monitor.start();
  const app = createOpsApp({
    ...runtime, logger, apiKeys: config.API_KEYS, apiKeySecret: config.API_KEY_SECRET, defaultMetrics: true,
    rateLimit: { windowMs: config.API_RATE_WINDOW_MS, limit: config.API_RATE_LIMIT },
    ipRateLimit: { windowMs: config.API_RATE_WINDOW_MS, limit: config.API_IP_RATE_LIMIT },
  });
  const server = createServer(app);
  const address = await listen(server, config.API_OPS_PORT, serverLimitsFrom(config));
  logger.info({ host: address.address, port: address.port }, 'ops service listening');
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.closeIdleConnections();
    server.close(() => void runtime.close().finally(() => logger.info('stopped')));
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
