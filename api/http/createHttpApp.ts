// The Express skeleton every Sluice process shares: the per-IP limit for callers without a valid key first, then
// probes and metrics, then the process's own routes, then 405 (a known path, another method), 404 and the
// problem-details error handler last.
//
// /metrics needs a key with the ops scope rather than living on a separate admin listener: a second listener per
// process would double the ports to allocate, bind, publish and firewall, and in a container it must listen on
// 0.0.0.0 for Prometheus anyway, where "on another port" protects nothing. A key protects it wherever it is
// reachable; Prometheus sends one (infra/prometheus/prometheus.yml, `authorization.credentials_file`).
// /health (liveness) and /ready (readiness) stay open for orchestrators and load balancers, which rarely send
// credentials: /ready answers ready or not and nothing more, from a result reused for a second.
import express, { type Express } from 'express';
import type { Logger } from '../../lib/logger.js';
import type { createAuth } from './auth.js';
import { methodNotAllowed } from './methodNotAllowed.js';
import { createHttpMetrics, createProbeHandlers, createRequestObserver, type HttpMetrics } from './observability.js';
import { createErrorHandler, notFoundHandler } from './problem.js';
import { createIpRateLimit, type RateLimitOptions } from './rateLimit.js';

/** Requests without a valid key per client IP per window, unless a process says otherwise. */
export const DEFAULT_IP_RATE_LIMIT: RateLimitOptions = { windowMs: 10_000, limit: 600 };

export interface HttpAppOptions {
  logger: Logger;
  metrics?: HttpMetrics;
  ready: () => Promise<void>;
  auth: ReturnType<typeof createAuth>;
  ipRateLimit?: RateLimitOptions;
  openapi: () => unknown;
  mount: (app: Express) => void;
}

export function createHttpApp({ logger, metrics = createHttpMetrics(), ready, auth, ipRateLimit = DEFAULT_IP_RATE_LIMIT, openapi, mount }: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  // One 'finish' listener per request writes the log line and the metrics.
  app.use(createRequestObserver(logger, metrics));
  app.use(createIpRateLimit(ipRateLimit, auth.authenticate));
  // Probes as plain app routes (not a mounted router) so that every other request passes them cheaply.
  const probes = createProbeHandlers({ registry: metrics.registry, ready, logger });
  app.get('/health', probes.health);
  app.get('/ready', probes.ready);
  app.get('/metrics', auth.requireScope('ops'), probes.metrics);
  const document = openapi();
  app.get('/openapi.json', (_req, res) => void res.json(document));
  mount(app);
  app.use(methodNotAllowed(app));
  app.use(notFoundHandler);
  app.use(createErrorHandler(logger));
  return app;
}
