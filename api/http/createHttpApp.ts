// The Express skeleton every Sluice process shares: probes and metrics first (no auth), then the process's own
// routes, then 405 (a known path, another method), 404 and the problem-details error handler last.
import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from '../../lib/logger.js';
import { methodNotAllowed } from './methodNotAllowed.js';
import { createHttpMetrics, createProbeHandlers, createRequestObserver, type HttpMetrics } from './observability.js';
import { createErrorHandler, notFoundHandler } from './problem.js';

export interface HttpAppOptions {
  logger: Logger;
  metrics?: HttpMetrics;
  ready: () => Promise<void>;
  /** Replaces the shared GET /ready (which answers a generic 503) when a process explains its own readiness. */
  readiness?: RequestHandler;
  openapi: () => unknown;
  mount: (app: Express) => void;
}

export function createHttpApp({ logger, metrics = createHttpMetrics(), ready, readiness, openapi, mount }: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  // One 'finish' listener per request writes the log line and the metrics.
  app.use(createRequestObserver(logger, metrics));
  // Probes as plain app routes (not a mounted router) so that every other request passes them cheaply.
  const probes = createProbeHandlers({ registry: metrics.registry, ready, logger });
  app.get('/health', probes.health);
  app.get('/ready', readiness ?? probes.ready);
  app.get('/metrics', probes.metrics);
  const document = openapi();
  app.get('/openapi.json', (_req, res) => void res.json(document));
  mount(app);
  app.use(methodNotAllowed(app));
  app.use(notFoundHandler);
  app.use(createErrorHandler(logger));
  return app;
}
