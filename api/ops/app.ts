// createOpsApp: the operations service as a plain Express app built from its collaborators, so main.ts, the CLI
// and the tests start exactly the same thing.
import type { Express } from 'express';
import type { Logger } from '../../lib/logger.js';
import { createAuth } from '../http/auth.js';
import { createHttpApp } from '../http/createHttpApp.js';
import { createHttpMetrics } from '../http/observability.js';
import { createRateLimit, type RateLimitOptions } from '../http/rateLimit.js';
import { createEventsAsyncApi } from '../events/asyncapi.js';
import { createOpsOpenApi } from './openapi.js';
import { registerOpsGauges } from './lag/promMetrics.js';
import { createOpsRoutes, type OpsRoutesDeps } from './routes.js';

export interface OpsAppDeps {
  monitor: OpsRoutesDeps['monitor'] & { collections(): number };
  search: OpsRoutesDeps['search'];
  capacity: OpsRoutesDeps['capacity'];
  projections: readonly string[];
  logger: Logger;
  apiKeys: ReadonlyMap<string, ReadonlySet<string>>;
  /** HMAC secret API keys are compared with (API_KEY_SECRET); the development one when omitted (tests). */
  apiKeySecret?: string;
  rateLimit?: RateLimitOptions;
  /** Requests without a valid key per client IP (createHttpApp's default when omitted). */
  ipRateLimit?: RateLimitOptions;
  defaultMetrics?: boolean;
}

export function createOpsApp(deps: OpsAppDeps): Express {
  const metrics = createHttpMetrics({ defaultMetrics: deps.defaultMetrics ?? false });
  registerOpsGauges(metrics.registry, () => deps.monitor.current());
  const auth = createAuth(deps.apiKeys, deps.apiKeySecret);
  const access = [auth.requireScope('ops'), createRateLimit(deps.rateLimit ?? { windowMs: 10_000, limit: 600 })];
  return createHttpApp({
    logger: deps.logger,
    metrics,
    auth,
    ...(deps.ipRateLimit ? { ipRateLimit: deps.ipRateLimit } : {}),
    // Ready once it can answer with a report. Not "every dependency is up": this process exists to report
    // outages, so a down connector must not take the ops service out of rotation.
    ready: async () => {
      if (deps.monitor.collections() === 0) await deps.monitor.current();
    },
    openapi: () => createOpsOpenApi(deps.projections),
    mount: (app) => {
      // The event contract (api/events/asyncapi.ts), public like /openapi.json: it describes topics, not data.
      const asyncapi = createEventsAsyncApi();
      app.get('/asyncapi.json', (_req, res) => void res.json(asyncapi));
      app.use(createOpsRoutes({ monitor: deps.monitor, search: deps.search, capacity: deps.capacity, projections: deps.projections, access }));
    },
  });
}
