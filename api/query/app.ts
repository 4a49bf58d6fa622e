// createQueryApp: the query API as a plain Express app built from its collaborators, so main.ts and the tests
// start exactly the same thing. It reads Elasticsearch only, through the ReadStore port.
import type { Express, RequestHandler } from 'express';
import type { Logger } from '../../lib/logger.js';
import { createAuth } from '../http/auth.js';
import { createHttpApp } from '../http/createHttpApp.js';
import { createHttpMetrics } from '../http/observability.js';
import { problem, sendProblem } from '../http/problem.js';
import { createRateLimit, type RateLimitOptions } from '../http/rateLimit.js';
import type { Projection } from '../../projector/projections/define.js';
import { createConsistency } from './consistency.js';
import { createQueryOpenApi } from './openapi.js';
import type { ReadStore } from './ports.js';
import { consistencyTimeouts, type QueryContext } from './queryRoute.js';
import { reportRoutes } from './reports/routes.js';
import { sliceOf } from './slice.js';
import { timelineRoutes } from './timeline/routes.js';

export interface QueryAppDeps {
  /** The projections to serve (main.ts passes the registered list): each by its hand-written slice or derived routes. */
  projections: readonly Projection[];
  store: ReadStore;
  logger: Logger;
  apiKeys: ReadonlyMap<string, ReadonlySet<string>>;
  rateLimit?: RateLimitOptions;
  now?: () => number;
  defaultMetrics?: boolean;
}

// The shared probe answers "a dependency is unavailable"; this one says which and how to fix it.
const readiness =
  (store: ReadStore, logger: Logger): RequestHandler =>
  async (_req, res) => {
    try {
      await store.health();
      res.json({ status: 'ready' });
    } catch (error) {
      logger.warn({ err: error }, 'not ready');
      const reason = error instanceof Error ? error.message : 'unknown';
      res.setHeader('Retry-After', '1');
      sendProblem(res, problem(503, 'not-ready', `elasticsearch is not ready: ${reason}`));
    }
  };

export function createQueryApp(deps: QueryAppDeps): Express {
  // Derived first: a query mark the routes cannot serve fails here, at start-up, naming the projection and path.
  const slices = deps.projections.map(sliceOf);
  const { requireScope } = createAuth(deps.apiKeys);
  const ctx: QueryContext = {
    store: deps.store,
    consistency: createConsistency({ fetchProgress: (p) => deps.store.progress(p), ...(deps.now ? { now: deps.now } : {}) }),
    access: [requireScope('queries'), createRateLimit(deps.rateLimit ?? { windowMs: 10_000, limit: 2_000 })],
  };
  return createHttpApp({
    logger: deps.logger,
    metrics: createHttpMetrics({ defaultMetrics: deps.defaultMetrics ?? false }),
    ready: () => deps.store.health(),
    readiness: readiness(deps.store, deps.logger),
    openapi: () => createQueryOpenApi(deps.projections),
    mount: (app) => {
      for (const router of [...slices.flatMap((s) => s.routes(ctx)), ...reportRoutes(ctx), ...timelineRoutes(ctx)]) app.use(router);
      app.use(consistencyTimeouts);
    },
  });
}
