// The command API's configuration: one schema, every bad variable reported at once, frozen result.
import { z } from 'zod';
import { apiKeys, port } from '../../lib/config.js';

export const commandConfigSchema = z.object({
  PG_HOST: z.string().min(1).default('127.0.0.1'), // Postgres host
  PG_PORT: port(5432), // Postgres port
  PG_DATABASE: z.string().min(1).default('sluice'), // application database
  PG_WRITER_USER: z.string().min(1).default('sluice_writer'), // the only role allowed to write business tables
  PG_WRITER_PASSWORD: z.string().min(1).default('writer-dev'), // never logged
  PG_POOL_MAX: z.coerce.number().int().min(1).max(500).default(20), // writer pool size
  API_COMMAND_PORT: port(8080), // HTTP port of the command API
  API_KEYS: apiKeys.default(new Map([['dev-commands', new Set(['commands'])], ['dev-queries', new Set(['queries'])], ['dev-ops', new Set(['ops'])]])), // key:scope[+scope],...
  API_RATE_LIMIT: z.coerce.number().int().min(1).default(2000), // requests per API key per window
  API_RATE_WINDOW_MS: z.coerce.number().int().min(100).default(10_000), // rate limit window
  API_BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/).default('64kb'), // largest accepted JSON body
  API_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000), // how long in-flight requests may finish
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type CommandConfig = z.output<typeof commandConfigSchema>;
