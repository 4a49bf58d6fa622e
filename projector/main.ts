// The projector's composition root: the only place that reads the environment. Runs resolve + hydrate in one
// process and serves /health, /ready and /metrics.
import { createServer, type Server } from 'node:http';
import { createLogger } from '../lib/logger.js';
import { withSecrets } from '../lib/secrets.js';
import { connectRestFrom, loadProjectorConfig, settingsFrom } from './config.js';
import type { FaultHook } from './hydrate/hydrateStage.js';
import { createMetrics, readyAnswer } from './metrics.js';
import { createProjector, type Projector } from './projector.js';
import { createProgressTrackerFor } from './progress/index.js';


export function createMetricsServer(projector: Projector): Server {
  return createServer((req, res) => {
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.url === '/health') return json(200, { status: 'ok' });
    if (req.url === '/ready') {
      // Still ready with a frozen projection, but it is named with why and the fix (docs/design.md decision 8).
      const answer = readyAnswer(projector.ready(), projector.frozen());
      return json(answer.status, answer.body);
    }
    if (req.url === '/metrics') {
      void projector.metrics.registry.metrics().then((text) => res.writeHead(200, { 'content-type': projector.metrics.registry.contentType }).end(text));
      return;
    }
    return json(404, { status: 404, title: 'not found' });
  });
}

async function main(): Promise<void> {
  const config = loadProjectorConfig(withSecrets(process.env));
  const logger = createLogger('projector');
  const fault: FaultHook | undefined =
    config.SLUICE_FAULT === 'none' ? undefined : (point) => void (point === config.SLUICE_FAULT && process.kill(process.pid, 'SIGKILL'));
  const projector = createProjector({ ...settingsFrom(config), metrics: createMetrics(undefined, { defaults: true }), logger, fault, timeline: config.PROJECTOR_TIMELINE === 'on' });
  const progress = config.PROJECTOR_PROGRESS === 'on' ? createProgressTrackerFor({ settings: settingsFrom(config), connect: connectRestFrom(config), logger, intervalMs: config.PROJECTOR_PROGRESS_INTAKE_MS, pollMs: config.PROJECTOR_PROGRESS_POLL_MS, ...(projector.refreshed ? { refreshed: projector.refreshed } : {}) }) : undefined;
  const server = createMetricsServer(projector).listen(config.PROJECTOR_METRICS_PORT, config.PROJECTOR_METRICS_HOST);
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
