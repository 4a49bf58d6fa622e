// Health, readiness, Prometheus metrics and one log line per request. Each app owns its registry so several
// apps can live in one process (tests) without metric name clashes.
import type { RequestHandler, Request } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Logger } from '../../lib/logger.js';
import { problem, sendProblem } from './problem.js';

export interface HttpMetrics {
  registry: Registry;
  middleware: RequestHandler;
  /** What `middleware` records when a response finishes, for a caller that already listens for it. */
  record: (req: Request, statusCode: number, seconds: number) => void;
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
  const record = (req: Request, statusCode: number, seconds: number): void => {
    const route = routeLabel(req);
    duration.observe({ method: req.method, route }, seconds);
    requests.inc({ method: req.method, route, status: String(statusCode) });
  };
  const middleware: RequestHandler = (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => record(req, res.statusCode, (performance.now() - started) / 1000));
    next();
  };
  return { registry, middleware, record };
}

const logRequest = (logger: Logger, req: Request, statusCode: number, ms: number): void => {
  const level = statusCode >= 500 ? 'error' : 'info';
  if (!logger.isLevelEnabled(level)) return;
  logger[level]({ method: req.method, url: req.originalUrl, status: statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
};

/** The request log line and the HTTP metrics from one 'finish' listener per request. */
export function createRequestObserver(logger: Logger, metrics: HttpMetrics): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      const ms = performance.now() - started;
      metrics.record(req, res.statusCode, ms / 1000);
      logRequest(logger, req, res.statusCode, ms);
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

export interface ProbeHandlers {
  health: RequestHandler;
  ready: RequestHandler;
  metrics: RequestHandler;
}

export function createProbeHandlers({ registry, ready, logger }: ProbeOptions): ProbeHandlers {
  return {
    health: (_req, res) => void res.json({ status: 'ok' }),
    ready: async (_req, res) => {
      try {
        await ready();
        res.json({ status: 'ready' });
      } catch (error) {
        logger.warn({ err: error }, 'not ready');
        res.setHeader('Retry-After', '1');
        sendProblem(res, problem(503, 'not-ready', 'a dependency is unavailable'));
      }
    },
    metrics: async (_req, res) => {
      res.type(registry.contentType).send(await registry.metrics());
    },
  };
}
