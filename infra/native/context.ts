// What every component of the native stack needs to know: where things live, which ports, which user.
import { z } from 'zod';
import { loadConfig, port } from '../../lib/config.js';
import { createLayout, type Layout } from './layout.js';
import type { RunAs } from './runAs.js';

const schema = z.object({
  SLUICE_HOME: z.string().default('.infra'), // downloads, data, logs and PID files
  SLUICE_RUN_AS: z.string().default('sluice'), // unprivileged user for Postgres and Elasticsearch under root
  PG_PORT: port(5432), // Postgres port
  PG_ADMIN_USER: z.string().default('postgres'), // superuser, used by the launcher and migrations only
  PG_ADMIN_PASSWORD: z.string().default('sluice-admin-dev'),
  PG_DATABASE: z.string().default('sluice'),
  KAFKA_PORT: port(9092), // Kafka broker listener
  KAFKA_CONTROLLER_PORT: port(9093), // KRaft controller listener
  CONNECT_PORT: port(8083), // Kafka Connect REST (loopback only)
  ES_PORT: port(9200), // Elasticsearch HTTP
  ES_HEAP: z.string().default('512m'), // every JVM heap is capped
  KAFKA_HEAP: z.string().default('512m'),
  CONNECT_HEAP: z.string().default('512m'),
});

export type StackConfig = Readonly<z.infer<typeof schema>>;

export interface StackContext {
  config: StackConfig;
  layout: Layout;
  runAs: RunAs | undefined;
  javaHome: string;
  say: (line: string) => void;
}

export const loadStackConfig = (env: Record<string, string | undefined>): StackConfig => loadConfig(schema, env);

export function createStackContext(config: StackConfig, deps: Omit<StackContext, 'config' | 'layout'>): StackContext {
  return { config, layout: createLayout(config.SLUICE_HOME), ...deps };
}
