// createQueryApp: the query API as a plain Express app built from its collaborators, so main.ts and the tests
// start exactly the same thing. It reads Elasticsearch only, through the ReadStore port.
import type { Express } from 'express';
import type { Logger } from '../../lib/logger.js';
import { createAuth } from '../http/auth.js';
import { createHttpApp } from '../http/createHttpApp.js';
import { createHttpMetrics } from '../http/observability.js';
import { createRateLimit, type RateLimitOptions } from '../http/rateLimit.js';
import type { Projection } from '../../model/projections/declaration.js';
import { createConsistency } from './consistency.js';
import { createQueryOpenApi } from './openapi.js';
import type { ReadStore } from './ports.js';
import { consistencyTimeouts, type QueryContext } from './queryRoute.js';
import { reportRoutes } from './reports/routes.js';
import { sliceOf } from './derived/routes.js';
import { timelineRoutes } from './timeline/routes.js';

export interface QueryAppDeps {
  /** The projections to serve (main.ts passes the registered list): each by the routes derived from its declaration. */
  projections: readonly Projection[];
  store: ReadStore;
  logger: Logger;
  apiKeys: ReadonlyMap<string, ReadonlySet<string>>;
  /** HMAC secret API keys are compared with (API_KEY_SECRET); the development one when omitted (tests). */
  apiKeySecret?: string;
  rateLimit?: RateLimitOptions;
  /** Requests without a valid key per client IP (createHttpApp's default when omitted). */
  ipRateLimit?: RateLimitOptions;
  /** Reads waiting for a minPosition at once, at most (API_MAX_POSITION_WAITERS); beyond it 503 with Retry-After. */
  maxWaiters?: number;
  now?: () => number;
  defaultMetrics?: boolean;
}

export function createQueryApp(deps: QueryAppDeps): Express {
  // Derived first: a query mark the routes cannot serve fails here, at start-up, naming the projection and path.
  const slices = deps.projections.map(sliceOf);
  const auth = createAuth(deps.apiKeys, deps.apiKeySecret);
  const ctx: QueryContext = {
    store: deps.store,
    consistency: createConsistency({ fetchProgress: (p) => deps.store.progress(p), ...(deps.now ? { now: deps.now } : {}), ...(deps.maxWaiters ? { maxWaiters: deps.maxWaiters } : {}) }),
    access: [auth.requireScope('queries'), createRateLimit(deps.rateLimit ?? { windowMs: 10_000, limit: 2_000 })],
  };
  return createHttpApp({
    logger: deps.logger,
    metrics: createHttpMetrics({ defaultMetrics: deps.defaultMetrics ?? false }),
    auth,
    ...(deps.ipRateLimit ? { ipRateLimit: deps.ipRateLimit } : {}),
    // Which alias is missing, or what Elasticsearch answered, goes to the log; /ready only says not ready.
    ready: () => deps.store.health(),
    openapi: () => createQueryOpenApi(deps.projections),
    mount: (app) => {
      for (const router of [...slices.flatMap((s) => s.routes(ctx)), ...reportRoutes(ctx), ...timelineRoutes(ctx)]) app.use(router);
      app.use(consistencyTimeouts);
    },
  });
}
