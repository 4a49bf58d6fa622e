// The projector's configuration: one zod schema, every bad variable reported at once.
import { z } from 'zod';
import { apiKeySecret, apiKeysSetting, loadConfig, port } from '../lib/config.js';
import type { EsAccess } from '../lib/esAccess.js';
import { deadLetterTopic, dirtyPrefixOf } from '../lib/names.js';
import { DEFAULT_GROUP_PREFIX, DEFAULT_TOPIC_PREFIX } from '../lib/names.js';
import { KAFKA_PRINCIPALS, kafkaSasl } from '../lib/kafkaSasl.js';
import { CONNECT_REST_DEFAULT_USER, connectRest } from '../connectors/rest.js';
import { FAULT_FORMAT, parseFault } from './hydrate/faultPoint.js';

/**
 * Throughput knobs for catch-up. The defaults suit the 2-core dev machine, where Postgres, Kafka and Elasticsearch
 * share the CPUs with the projector: a little overlap of I/O waits pays, more parallelism only adds contention.
 * Ordering is unaffected by any of them: concurrency is across partitions (different keys), never within one.
 */
export const DEFAULT_TUNING = {
  /** Partitions one resolve consumer is handed at once (kafkajs partitionsConsumedConcurrently). Their chunks are
   * merged into one round (lib/groupCommit.ts), so this is about batching, not parallel work: cover every partition
   * of the CDC topics, or the partitions of one fetch are worked through a few at a time, each waiting its turn. */
  resolveConcurrency: 64,
  /** Partitions one hydrate consumer is handed at once; merged per projection into one round (one Postgres session
   * and one bulk per projection in flight), so the same reasoning: cover every dirty partition. */
  hydrateConcurrency: 64,
  /** CDC events per resolve chunk: one fan-out lookup per dependency and one produce per projection per chunk. */
  resolveChunk: 2_000,
  /** Dirty marks per hydrate round: the ids are deduplicated first, so a large round hydrates a hot root once. */
  hydrateChunk: 2_000,
  /** Bytes fetched per partition per request. Debezium's JSON events are a few KiB each, so kafkajs' 1 MiB
   * default yields only a few hundred events per batch; fetching returns as soon as any data exists (minBytes 1),
   * so a larger limit costs no latency when idle. */
  fetchMaxBytesPerPartition: 4 * 1024 * 1024,
  /** Postgres connections: one session per projection being hydrated plus the resolve fan-out lookups. */
  pgPoolSize: 8,
  /** At most one refresh of an alias per this many ms, only while documents are written (hydrate/refresher.ts);
   * 0 leaves visibility to the index's refresh_interval (1 s). */
  refreshMs: 100,
  /** Resolved offsets are committed at most this often. Read-your-writes waits for both groups' commits, so this
   * is part of its delay; a commit is one small request. */
  commitIntervalMs: 50,
} as const;

export type Tuning = { -readonly [K in keyof typeof DEFAULT_TUNING]: number };

const tune = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

export const projectorSchema = z.object({
  KAFKA_BROKERS: z.string().min(1).default('127.0.0.1:9092').transform((s) => s.split(',').map((b) => b.trim()).filter(Boolean)), // bootstrap servers
  KAFKA_PROJECTOR_USER: z.string().min(1).default(KAFKA_PRINCIPALS.projector), // SASL/SCRAM principal: reads CDC and events, owns its dirty and DLQ topics and groups
  KAFKA_PROJECTOR_PASSWORD: z.string().min(1).optional(), // its password (secrets file); unset: no SASL
  CONNECT_REST_USER: z.string().min(1).default(CONNECT_REST_DEFAULT_USER), // Kafka Connect REST basic-auth user
  CONNECT_REST_PASSWORD: z.string().min(1).optional(), // its password (secrets file); unset: no Authorization header
  ES_URL: z.url().default('https://127.0.0.1:9200'), // Elasticsearch endpoint
  ES_CA_FILE: z.string().min(1).optional(), // CA that signed Elasticsearch's certificate (default: the launcher's, when it exists)
  ES_PROJECTOR_USER: z.string().min(1).default('sluice_projector'), // may write only the projection indexes, their aliases and the progress index
  ES_PROJECTOR_PASSWORD: z.string().min(1).optional(), // its password (the secrets file); without it the client sends no credentials
  CONNECT_URL: z.url().default('http://127.0.0.1:8083'), // Kafka Connect REST: its committed source offset bounds read-your-writes progress
  PROJECTOR_PROGRESS: z.enum(['on', 'off']).default('on'), // publish sluice_progress (freshness and read-your-writes)
  PROJECTOR_PROGRESS_INTAKE_MS: tune(10, 60_000, 50), // how often the progress tracker takes a snapshot (a read-your-writes read waits about half of it)
  PROJECTOR_PROGRESS_POLL_MS: tune(5, 60_000, 25), // how often it checks the connector's and both groups' offsets (each stage waits about half of it)
  PROJECTOR_PROGRESS_IDLE_MS: tune(100, 60_000, 1_000), // its longest pause while nothing moves, and the oldest an idle stack's published asOf grows
  PG_HOST: z.string().min(1).default('127.0.0.1'), // Postgres host
  PG_PORT: port(5432), // Postgres port
  PG_DATABASE: z.string().min(1).default('sluice'), // application database
  PG_PROJECTOR_USER: z.string().min(1).default('sluice_projector'), // read-only role
  PG_PROJECTOR_PASSWORD: z.string().min(1).default('projector-dev'), // its password
  PROJECTOR_METRICS_PORT: port(8090), // /health, /ready, /metrics
  PROJECTOR_METRICS_HOST: z.string().min(1).default('127.0.0.1'), // interface for /metrics (0.0.0.0 in containers)
  API_KEYS: apiKeysSetting(), // /metrics and /ready's details need a key with the ops scope (the dev- keys in development only)
  API_KEY_SECRET: apiKeySecret(), // HMAC secret keys are compared with; generated by the launcher, required in production
  PROJECTOR_TOPIC_PREFIX: z.string().min(1).default(DEFAULT_TOPIC_PREFIX), // Debezium topic.prefix
  PROJECTOR_DIRTY_PARTITIONS: z.coerce.number().int().min(1).max(256).default(6), // partitions of each dirty topic
  PROJECTOR_GROUP_PREFIX: z.string().min(1).default(DEFAULT_GROUP_PREFIX), // consumer groups <prefix>-resolve / -hydrate
  PROJECTOR_DIRTY_PREFIX: z.string().min(1).optional(), // dirty topics <prefix>.<projection>; default <topic prefix>.dirty (a second projector on the same CDC topics needs its own)
  PROJECTOR_DLQ_TOPIC: z.string().min(1).optional(), // dead-letter topic; default <topic prefix>.dlq
  PROJECTOR_INDEX_PREFIX: z.string().default(''), // prefix for indexes and aliases (tests isolate with it)
  SLUICE_FAULT: z.string().default('none').refine((v) => parseFault(v) !== undefined, `expected ${FAULT_FORMAT}`), // test-only: SIGKILL or stall itself at this point (hydrate/faultPoint.ts; T01, T29); production refuses it
  PROJECTOR_RESOLVE_CONCURRENCY: tune(1, 1024, DEFAULT_TUNING.resolveConcurrency), // partitions resolved at once (see DEFAULT_TUNING)
  PROJECTOR_HYDRATE_CONCURRENCY: tune(1, 1024, DEFAULT_TUNING.hydrateConcurrency), // partitions hydrated at once
  PROJECTOR_RESOLVE_CHUNK: tune(1, 50_000, DEFAULT_TUNING.resolveChunk), // CDC events per resolve chunk
  PROJECTOR_HYDRATE_CHUNK: tune(1, 50_000, DEFAULT_TUNING.hydrateChunk), // dirty marks per hydrate round
  PROJECTOR_FETCH_MAX_BYTES_PER_PARTITION: tune(64 * 1024, 64 * 1024 * 1024, DEFAULT_TUNING.fetchMaxBytesPerPartition), // Kafka fetch size per partition
  PROJECTOR_PG_POOL_SIZE: tune(1, 64, DEFAULT_TUNING.pgPoolSize), // projector's Postgres connections
  PROJECTOR_REFRESH_MS: tune(0, 60_000, DEFAULT_TUNING.refreshMs), // min ms between projector-driven refreshes of an alias (0: index refresh_interval only)
  PROJECTOR_COMMIT_INTERVAL_MS: tune(10, 60_000, DEFAULT_TUNING.commitIntervalMs), // how often consumer offsets are committed
  PROJECTOR_TIMELINE: z.enum(['on', 'off']).default('on'), // build the order_timeline read model from the domain events
  PROJECTOR_COLUMN_ROUTING: z.enum(['on', 'off']).default('on'), // skip updates that change no column a projection reads (off: every update fans out)
  PROJECTOR_KEEP_VERSIONS: z.coerce.number().int().min(0).max(100).default(1), // old index versions kept after a rebuild swaps the alias
  // missing: build at start only the incremental aggregates' summaries never built; always: rebuild them all at start
  // (for a projector whose resolve group starts past changes nothing refreshed, as isolated test projectors do).
  PROJECTOR_SUMMARY_BUILD: z.enum(['missing', 'always']).default('missing'),
  PROJECTOR_PLAN_BUFFER_BOUND: z.coerce.number().int().min(0).max(10_000_000).default(100), // warn at start when one small document's hydration reads more buffers (0: no check)
});

export type ProjectorConfig = z.infer<typeof projectorSchema>;

export const loadProjectorConfig = (env: Record<string, string | undefined>): Readonly<ProjectorConfig> => loadConfig(projectorSchema, env);

/** The projector's settings (assembly/projector.ts ProjectorSettings) from its configuration: names derived per lib/names.ts. */
export function settingsFrom(config: Readonly<ProjectorConfig>) {
  return {
    brokers: config.KAFKA_BROKERS,
    sasl: kafkaSasl(config.KAFKA_PROJECTOR_USER, config.KAFKA_PROJECTOR_PASSWORD),
    es: { url: config.ES_URL, caFile: config.ES_CA_FILE, username: config.ES_PROJECTOR_USER, password: config.ES_PROJECTOR_PASSWORD } as EsAccess,
    postgres: { host: config.PG_HOST, port: config.PG_PORT, database: config.PG_DATABASE, user: config.PG_PROJECTOR_USER, password: config.PG_PROJECTOR_PASSWORD },
    topicPrefix: config.PROJECTOR_TOPIC_PREFIX,
    dirtyPrefix: config.PROJECTOR_DIRTY_PREFIX ?? dirtyPrefixOf(config.PROJECTOR_TOPIC_PREFIX),
    dlqTopic: config.PROJECTOR_DLQ_TOPIC ?? deadLetterTopic(config.PROJECTOR_TOPIC_PREFIX),
    groupPrefix: config.PROJECTOR_GROUP_PREFIX,
    indexPrefix: config.PROJECTOR_INDEX_PREFIX,
    dirtyPartitions: config.PROJECTOR_DIRTY_PARTITIONS,
    columnRouting: config.PROJECTOR_COLUMN_ROUTING === 'on',
    planBufferBound: config.PROJECTOR_PLAN_BUFFER_BOUND,
    summaryBuild: config.PROJECTOR_SUMMARY_BUILD,
    tuning: {
      resolveConcurrency: config.PROJECTOR_RESOLVE_CONCURRENCY,
      hydrateConcurrency: config.PROJECTOR_HYDRATE_CONCURRENCY,
      resolveChunk: config.PROJECTOR_RESOLVE_CHUNK,
      hydrateChunk: config.PROJECTOR_HYDRATE_CHUNK,
      fetchMaxBytesPerPartition: config.PROJECTOR_FETCH_MAX_BYTES_PER_PARTITION,
      pgPoolSize: config.PROJECTOR_PG_POOL_SIZE,
      refreshMs: config.PROJECTOR_REFRESH_MS,
      commitIntervalMs: config.PROJECTOR_COMMIT_INTERVAL_MS,
    },
  };
}

/** Kafka Connect's REST API with the projector's credentials (the progress tracker reads the connector's offsets). */
export const connectRestFrom = (config: Readonly<ProjectorConfig>) => connectRest(config.CONNECT_URL, config.CONNECT_REST_USER, config.CONNECT_REST_PASSWORD);

/** The lifecycle commands (`sluice rebuild`, verify, reproject, replay, timeline rebuild) act as the rebuild user, which
 * may also create and drop index versions; the live projector never holds that password. */
const rebuildSchema = z.object({
  ES_REBUILD_USER: z.string().min(1).default('sluice_rebuild'), // creates, swaps and drops projection index versions
  ES_REBUILD_PASSWORD: z.string().min(1).optional(), // its password (the secrets file)
});

export function rebuildAccessFrom(config: Readonly<ProjectorConfig>, env: Record<string, string | undefined>): EsAccess {
  const r = loadConfig(rebuildSchema, env);
  return { url: config.ES_URL, caFile: config.ES_CA_FILE, username: r.ES_REBUILD_USER, password: r.ES_REBUILD_PASSWORD };
}

/** The projector's settings, as the lifecycle commands use them: the rebuild user instead of the projector's. */
export const lifecycleSettingsFrom = (config: Readonly<ProjectorConfig>, env: Record<string, string | undefined>) => ({ ...settingsFrom(config), es: rebuildAccessFrom(config, env) });
