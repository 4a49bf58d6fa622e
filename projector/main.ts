// The projector process's composition root: the only place that reads the environment. Builds the running projector
// (assembly/projector.ts) and its progress tracker (assembly/progressTracker.ts), serves /health, /ready and
// /metrics, and stops both on SIGTERM.
import { createLogger } from '../lib/logger.js';
import { withSecrets } from '../lib/secrets.js';
import { connectRestFrom, loadProjectorConfig, settingsFrom } from './config.js';
import { writeSync } from 'node:fs';
import { faultHook, parseFault } from './hydrate/faultPoint.js';
import { listen } from '../lib/httpServer.js';
import { createKeyring } from '../lib/keyring.js';
import { passwordsOf } from '../lib/processSecrets.js';
import { refuseUnsafeProduction } from '../lib/production.js';
import { createMetrics } from './metrics.js';
import { createMetricsServer } from './metricsServer.js';
import { createProjector } from './assembly/projector.js';
import { createProgressTrackerFor } from './assembly/progressTracker.js';

// A scrape endpoint serves a few clients: short timeouts, few connections.
const PROJECTOR_LISTENER = { requestTimeoutMs: 10_000, headersTimeoutMs: 5_000, keepAliveTimeoutMs: 5_000, maxConnections: 64 };

async function main(): Promise<void> {
  const settings = withSecrets(process.env);
  refuseUnsafeProduction(settings, { apiKeys: true, passwords: passwordsOf('projector'), httpsUrls: ['ES_URL'] });
  const config = loadProjectorConfig(settings);
  const logger = createLogger('projector');
  // Written synchronously: a SIGKILL follows at once, and the fault suite reads the line in the log.
  const fault = faultHook(parseFault(config.SLUICE_FAULT) ?? { kind: 'none' }, {
    say: (line) => writeSync(2, `${line}
`),
    kill: () => process.kill(process.pid, 'SIGKILL'),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
  // A change record wakes the progress tracker, so the first write after a quiet spell waits for no idle pause.
  const projector = createProjector({ ...settingsFrom(config), metrics: createMetrics(undefined, { defaults: true }), logger, ...(fault ? { fault } : {}), timeline: config.PROJECTOR_TIMELINE === 'on', onChange: () => progress?.wake() });
  const progress = config.PROJECTOR_PROGRESS === 'on' ? createProgressTrackerFor({ settings: settingsFrom(config), connect: connectRestFrom(config), logger, intervalMs: config.PROJECTOR_PROGRESS_INTAKE_MS, pollMs: config.PROJECTOR_PROGRESS_POLL_MS, idleMs: config.PROJECTOR_PROGRESS_IDLE_MS, ...(projector.refreshed ? { refreshed: projector.refreshed } : {}), eventBuilt: config.PROJECTOR_TIMELINE === 'on' }) : undefined;
  // Bound before the pipeline starts: a port in use or a refused setting fails here, before anything is consumed.
  const server = createMetricsServer(projector, createKeyring(config.API_KEYS, config.API_KEY_SECRET));
  const address = await listen(server, config.PROJECTOR_METRICS_PORT, { ...PROJECTOR_LISTENER, host: config.PROJECTOR_METRICS_HOST });
  logger.info({ host: address.address, port: address.port }, 'projector metrics listening');
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: finishing in-flight batches');
    void Promise.allSettled([progress?.stop(), projector.stop()]).finally(() => server.close(() => process.exit(0)));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  await projector.start();
  progress?.start();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    createLogger('projector').fatal({ err: error }, 'projector failed to start');
    process.exit(1);
  });
}
