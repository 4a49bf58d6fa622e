// The Express skeleton every Sluice process shares: probes and metrics first (no auth), then the process's own
// routes, then 404 and the problem-details error handler last.
import express, { type Express } from 'express';
import type { Logger } from '../../lib/logger.js';
import { createHttpMetrics, createProbeRoutes, createRequestLogger, type HttpMetrics } from './observability.js';
import { createErrorHandler, notFoundHandler } from './problem.js';

export interface HttpAppOptions {
  logger: Logger;
  metrics?: HttpMetrics;
  ready: () => Promise<void>;
  openapi: () => unknown;
  mount: (app: Express) => void;
}

export function createHttpApp({ logger, metrics = createHttpMetrics(), ready, openapi, mount }: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(createRequestLogger(logger));
  app.use(metrics.middleware);
  app.use(createProbeRoutes({ registry: metrics.registry, ready, logger }));
  const document = openapi();
  app.get('/openapi.json', (_req, res) => void res.json(document));
  mount(app);
  app.use(notFoundHandler);
  app.use(createErrorHandler(logger));
  return app;
}
