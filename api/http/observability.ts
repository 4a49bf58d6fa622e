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
  /** How long one readiness answer is reused (default 1 s): a flood of /ready costs at most one check per period. */
  readyCacheMs?: number;
  now?: () => number;
}

export interface ProbeHandlers {
  health: RequestHandler;
  ready: RequestHandler;
  metrics: RequestHandler;
}

/** One check per period, shared by every caller; a failure is logged once per check with its cause. */
export function cachedReadiness(check: () => Promise<void>, logger: Logger, periodMs: number, now: () => number = Date.now): () => Promise<boolean> {
  let last: { at: number; ok: Promise<boolean> } | undefined;
  return () => {
    if (last && now() - last.at < periodMs) return last.ok;
    const ok = check().then(
      () => true,
      (error: unknown) => {
        logger.warn({ err: error }, 'not ready');
        return false;
      },
    );
    last = { at: now(), ok };
    return ok;
  };
}

export function createProbeHandlers({ registry, ready, logger, readyCacheMs = 1_000, now }: ProbeOptions): ProbeHandlers {
  const isReady = cachedReadiness(ready, logger, readyCacheMs, now);
  return {
    health: (_req, res) => void res.json({ status: 'ok' }),
    // The answer says ready or not, nothing of why: the cause (which dependency, its error) is in the log.
    ready: async (_req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      if (await isReady()) return void res.json({ status: 'ready' });
      res.setHeader('Retry-After', '1');
      sendProblem(res, problem(503, 'not-ready', 'a dependency is unavailable'));
    },
    metrics: async (_req, res) => {
      res.type(registry.contentType).send(await registry.metrics());
    },
  };
}
