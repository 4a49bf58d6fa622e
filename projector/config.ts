// The projector's configuration: one zod schema, every bad variable reported at once.
import { z } from 'zod';
import { loadConfig, port } from '../lib/config.js';

export const projectorSchema = z.object({
  KAFKA_BROKERS: z.string().min(1).default('127.0.0.1:9092').transform((s) => s.split(',').map((b) => b.trim()).filter(Boolean)), // bootstrap servers
  ES_URL: z.url().default('http://127.0.0.1:9200'), // Elasticsearch endpoint
  CONNECT_URL: z.url().default('http://127.0.0.1:8083'), // Kafka Connect REST: its committed source offset bounds read-your-writes progress
  PROJECTOR_PROGRESS: z.enum(['on', 'off']).default('on'), // publish sluice_progress (freshness and read-your-writes)
  PG_HOST: z.string().min(1).default('127.0.0.1'), // Postgres host
  PG_PORT: port(5432), // Postgres port
  PG_DATABASE: z.string().min(1).default('sluice'), // application database
  PG_PROJECTOR_USER: z.string().min(1).default('sluice_projector'), // read-only role
  PG_PROJECTOR_PASSWORD: z.string().min(1).default('projector-dev'), // its password
  PROJECTOR_METRICS_PORT: port(8090), // /health, /ready, /metrics
  PROJECTOR_METRICS_HOST: z.string().min(1).default('127.0.0.1'), // interface for /metrics (0.0.0.0 in containers)
  PROJECTOR_TOPIC_PREFIX: z.string().min(1).default('sluice'), // Debezium topic.prefix
  PROJECTOR_DIRTY_PARTITIONS: z.coerce.number().int().min(1).max(256).default(6), // partitions of each dirty topic
  PROJECTOR_GROUP_PREFIX: z.string().min(1).default('sluice-projector'), // consumer groups <prefix>-resolve / -hydrate
  PROJECTOR_INDEX_PREFIX: z.string().default(''), // prefix for indexes and aliases (tests isolate with it)
  SLUICE_FAULT: z.enum(['none', 'before-bulk', 'after-bulk', 'rebuild-halfway']).default('none'), // test-only: SIGKILL itself at this point (T01; rebuild-halfway: `sluice rebuild` past 50 %)
  PROJECTOR_KEEP_VERSIONS: z.coerce.number().int().min(0).max(100).default(1), // old index versions kept after a rebuild swaps the alias
});

export type ProjectorConfig = z.infer<typeof projectorSchema>;

export const loadProjectorConfig = (env: Record<string, string | undefined>): Readonly<ProjectorConfig> => loadConfig(projectorSchema, env);
