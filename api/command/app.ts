// createCommandApp: the command API as a plain Express app built from its collaborators, so main.ts and the
// tests start exactly the same thing (tests on an ephemeral port).
import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import type pg from 'pg';
import { Counter } from 'prom-client';
import type { Logger } from '../../lib/logger.js';
import { createAuth } from '../http/auth.js';
import { jsonBody } from '../http/body.js';
import { createHttpApp } from '../http/createHttpApp.js';
import { createHttpMetrics } from '../http/observability.js';
import { createRateLimit, type RateLimitOptions } from '../http/rateLimit.js';
import { createCommandRunner } from './adapters/postgres/commandRunner.js';
import { pingPool } from './adapters/postgres/pool.js';
import { createCommandRoutes } from './commandRoutes.js';
import { createCommandOpenApi } from './openapi.js';
import { createCustomerCommands } from './customers/handlers.js';
import { createOrderCommands } from './orders/handlers.js';
import { createProductCommands } from './products/handlers.js';

export interface CommandAppDeps {
  pool: pg.Pool;
  logger: Logger;
  apiKeys: ReadonlyMap<string, ReadonlySet<string>>;
  /** HMAC secret API keys are compared with (API_KEY_SECRET); the development one when omitted (tests). */
  apiKeySecret?: string;
  rateLimit?: RateLimitOptions;
  /** Requests without a valid key per client IP (createHttpApp's default when omitted). */
  ipRateLimit?: RateLimitOptions;
  bodyLimit?: string;
  newId?: () => string;
  defaultMetrics?: boolean;
  /** Commands that may wait for a connection before more are refused as overloaded (PG_POOL_QUEUE_MAX). */
  queueMax?: number;
}

export function createCommandApp(deps: CommandAppDeps): Express {
  const newId = deps.newId ?? randomUUID;
  const commands = [...createCustomerCommands({ newId }), ...createProductCommands({ newId }), ...createOrderCommands({ newId })];
  const metrics = createHttpMetrics({ defaultMetrics: deps.defaultMetrics ?? false });
  const outcomes = new Counter({ name: 'commands_total', help: 'Commands by outcome status', labelNames: ['command', 'status'], registers: [metrics.registry] });
  const auth = createAuth(deps.apiKeys, deps.apiKeySecret);
  const access = [auth.requireScope('commands'), createRateLimit(deps.rateLimit ?? { windowMs: 10_000, limit: 2_000 })];
  const body = jsonBody({ limit: deps.bodyLimit ?? '64kb' });
  const runner = createCommandRunner({ pool: deps.pool, logger: deps.logger, ...(deps.queueMax === undefined ? {} : { queueMax: deps.queueMax }) });
  return createHttpApp({
    logger: deps.logger,
    metrics,
    auth,
    ...(deps.ipRateLimit ? { ipRateLimit: deps.ipRateLimit } : {}),
    ready: () => pingPool(deps.pool),
    openapi: () => createCommandOpenApi(commands),
    mount: (app) => {
      app.use(createCommandRoutes({ commands, runner, access, body, onOutcome: (command, status) => outcomes.inc({ command, status: String(status) }) }));
    },
  });
}
