// The query API's configuration: one schema, every bad variable reported at once, frozen result. It holds
// Elasticsearch read access only; there is deliberately no Postgres setting at all.
import { z } from 'zod';
import { apiKeys, port } from '../../lib/config.js';
import { PROGRESS_INDEX } from '../../lib/names.js';

export const queryConfigSchema = z.object({
  ES_URL: z.url().default('https://127.0.0.1:9200'), // Elasticsearch endpoint
  ES_CA_FILE: z.string().min(1).optional(), // CA that signed Elasticsearch's certificate (default: the launcher's, when it exists)
  ES_QUERY_USER: z.string().min(1).default('sluice_query'), // may read only the aliases it serves and the progress index
  ES_QUERY_PASSWORD: z.string().min(1).optional(), // its password (the secrets file); without it the client sends no credentials; never logged
  ES_INDEX_PREFIX: z.string().default(''), // prefix of the projection aliases (tests isolate with it)
  ES_PROGRESS_INDEX: z.string().min(1).default(PROGRESS_INDEX), // the projector's progress documents
  ES_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000), // per Elasticsearch request
  API_QUERY_PORT: port(8081), // HTTP port of the query API
  API_KEYS: apiKeys.default(new Map([['dev-commands', new Set(['commands'])], ['dev-queries', new Set(['queries'])], ['dev-ops', new Set(['ops'])]])), // key:scope[+scope],...
  API_RATE_LIMIT: z.coerce.number().int().min(1).default(2000), // requests per API key per window
  API_RATE_WINDOW_MS: z.coerce.number().int().min(100).default(10_000), // rate limit window
  API_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000), // how long in-flight requests may finish
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type QueryConfig = z.output<typeof queryConfigSchema>;
