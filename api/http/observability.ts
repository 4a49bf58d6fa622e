// Health, readiness, Prometheus metrics and one log line per request. Each app owns its registry so several
// apps can live in one process (tests) without metric name clashes.
import { Router, type RequestHandler, type Request } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Logger } from '../../lib/logger.js';
import { problem, sendProblem } from './problem.js';

export interface HttpMetrics {
  registry: Registry;
  middleware: RequestHandler;
}

// Label by route pattern, never by raw URL, to keep cardinality bounded (ids, junk paths).
const routeLabel = (req: Request): string => {
  const route = req.route as { path: unknown } | undefined;
  return route ? `${req.baseUrl}${String(route.path)}` : 'unmatched';
};

export function createHttpMetrics({ defaultMetrics = false } = {}): HttpMetrics {
  const registry = new Registry();
  if (defaultMetrics) collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const middleware: RequestHandler = (req, res, next) => {
    const stop = duration.startTimer();
    res.on('finish', () => {
      const route = routeLabel(req);
      stop({ method: req.method, route });
      requests.inc({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
  return { registry, middleware };
}

export function createRequestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const level = res.statusCode >= 500 ? 'error' : 'info';
      logger[level]({ method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    next();
  };
}

export interface ProbeOptions {
  registry: Registry;
  /** Resolves when every dependency answers; rejects with the reason otherwise. */
  ready: () => Promise<void>;
  logger: Logger;
}

export function createProbeRoutes({ registry, ready, logger }: ProbeOptions): Router {
  const router = Router();
  router.get('/health', (_req, res) => void res.json({ status: 'ok' }));
  router.get('/ready', async (_req, res) => {
    try {
      await ready();
      res.json({ status: 'ready' });
    } catch (error) {
      logger.warn({ err: error }, 'not ready');
      sendProblem(res, problem(503, 'not-ready', 'a dependency is unavailable'));
    }
  });
  router.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}
