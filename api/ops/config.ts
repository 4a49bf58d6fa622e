// The operations service's configuration: one schema, every bad variable reported at once, frozen result.
// It names the projector's topics and groups the same way the projector does (same variables, same defaults).
import { z } from 'zod';
import { apiKeys, port } from '../../lib/config.js';
import { DEFAULT_GROUP_PREFIX, DEFAULT_TOPIC_PREFIX } from '../../lib/names.js';

const count = (fallback: number) => z.coerce.number().int().min(0).default(fallback);
const MB = 1024 * 1024;

export const opsConfigSchema = z.object({
  PG_HOST: z.string().min(1).default('127.0.0.1'), // Postgres host
  PG_PORT: port(5432), // Postgres port
  PG_DATABASE: z.string().min(1).default('sluice'), // application database (only its monitoring views are read)
  PG_OPS_USER: z.string().min(1).default('sluice_ops'), // monitoring role (pg_monitor), no table access
  PG_OPS_PASSWORD: z.string().min(1).default('ops-dev'), // never logged
  PG_SLOT_NAME: z.string().min(1).default('sluice_slot'), // the connector's replication slot
  KAFKA_BROKERS: z.string().min(1).default('127.0.0.1:9092').transform((s) => s.split(',').map((b) => b.trim()).filter(Boolean)), // bootstrap servers
  CONNECT_URL: z.url().default('http://127.0.0.1:8083'), // Kafka Connect REST API
  CONNECT_CONNECTOR: z.string().min(1).default('sluice-postgres'), // the Debezium connector to watch
  ES_URL: z.url().default('https://127.0.0.1:9200'), // Elasticsearch endpoint
  ES_CA_FILE: z.string().min(1).optional(), // CA that signed Elasticsearch's certificate (default: the launcher's, when it exists)
  ES_OPS_USER: z.string().min(1).default('sluice_ops'), // may monitor the cluster and read the projection indexes, nothing more
  ES_OPS_PASSWORD: z.string().min(1).optional(), // its password (the secrets file); without it the client sends no credentials
  PROJECTOR_METRICS_URL: z.url().default('http://127.0.0.1:8090/metrics'), // projector's Prometheus endpoint (freshness)
  PROJECTOR_TOPIC_PREFIX: z.string().min(1).default(DEFAULT_TOPIC_PREFIX), // Debezium topic.prefix, as the projector uses it
  PROJECTOR_GROUP_PREFIX: z.string().min(1).default(DEFAULT_GROUP_PREFIX), // groups <prefix>-resolve and <prefix>-hydrate
  PROJECTOR_DIRTY_PREFIX: z.string().min(1).optional(), // dirty topics <prefix>.<projection>; default <topic prefix>.dirty
  PROJECTOR_DLQ_TOPIC: z.string().min(1).optional(), // dead-letter topic; default <topic prefix>.dlq
  PROJECTOR_INDEX_PREFIX: z.string().default(''), // prefix of the projection aliases
  API_OPS_PORT: port(8082), // HTTP port of the operations service
  API_KEYS: apiKeys.default(new Map([['dev-commands', new Set(['commands'])], ['dev-queries', new Set(['queries'])], ['dev-ops', new Set(['ops'])]])), // key:scope[+scope],...
  API_RATE_LIMIT: z.coerce.number().int().min(1).default(600), // requests per API key per window
  API_RATE_WINDOW_MS: z.coerce.number().int().min(100).default(10_000), // rate limit window
  OPS_INTERVAL_MS: z.coerce.number().int().min(200).default(2_000), // how often the background loop collects
  OPS_HISTORY_SIZE: z.coerce.number().int().min(10).max(10_000).default(300), // samples kept (300 x 2 s = 10 minutes)
  OPS_PROBE_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000), // longest wait for any one dependency
  OPS_FRESHNESS_WINDOW_MS: z.coerce.number().int().min(1_000).default(60_000), // window of the freshness percentiles
  OPS_THROUGHPUT_WINDOW_MS: z.coerce.number().int().min(1_000).default(10_000), // window of the throughput rates
  OPS_MAX_SLOT_LAG_BYTES: count(64 * MB), // unconfirmed WAL above this degrades the slot stage
  OPS_MAX_RETAINED_WAL_BYTES: count(1024 * MB), // WAL held by the slot above this degrades it (T26 alert)
  OPS_MAX_CONSUMER_LAG: count(10_000), // resolve group records behind
  OPS_MAX_DIRTY_BACKLOG: count(10_000), // hydrate group dirty keys behind
  OPS_MAX_FRESHNESS_P99_MS: count(5_000), // p99 commit-to-indexed
  OPS_MAX_DEAD_LETTERS: count(0), // parked records tolerated before the stage degrades
  OPS_FAILING_FACTOR: z.coerce.number().min(1).default(4), // how many times over a limit makes a stage fail
  OPS_CONNECTOR_AUTO_RESTART: z.enum(['on', 'off']).default('on'), // restart a connector an outage left UNASSIGNED/FAILED
  OPS_CONNECTOR_STUCK_MS: z.coerce.number().int().min(0).default(15_000), // stuck this long before the first restart
  // connector:slot pairs supervised like CONNECT_CONNECTOR (restart when stuck, a leftover walsender ended)
  OPS_SUPERVISE_ALSO: z
    .string()
    .default('sluice-outbox:sluice_outbox_slot')
    .transform((s) => s.split(',').map((pair) => pair.trim()).filter(Boolean).map((pair) => ({ connector: pair.split(':')[0] ?? '', slot: pair.split(':')[1] ?? '' })))
    .refine((pairs) => pairs.every((p) => p.connector && p.slot), 'expected connector:slot[,connector:slot...]'),
  OPS_SLOT_STALLED_MS: z.coerce.number().int().min(1_000).default(20_000), // a slot confirming nothing this long counts as stuck
  OPS_SLOT_STALLED_RESTART_MS: z.coerce.number().int().min(1_000).default(300_000), // a stalled slot nobody holds this long: restart the connector
  OPS_CONNECTOR_BACKOFF_MS: z.coerce.number().int().min(1_000).default(30_000), // pause between attempts, doubling
  OPS_CONNECTOR_MAX_BACKOFF_MS: z.coerce.number().int().min(1_000).default(300_000), // longest pause between attempts
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type OpsConfig = z.output<typeof opsConfigSchema>;
