// What every component of the native stack needs to know: where things live, which ports, which user.
import { z } from 'zod';
import { loadConfig, port } from '../../lib/config.js';
import { createLayout, type Layout } from './layout.js';
import type { RunAs } from './runAs.js';

const schema = z.object({
  SLUICE_HOME: z.string().default('.infra'), // downloads, data, logs and PID files
  // Where fetched distributions are unpacked, when it is not <SLUICE_HOME>/downloads: the test stack keeps its own
  // data in a home of its own but shares the development stack's downloads, so nothing is fetched twice.
  SLUICE_DOWNLOADS: z.string().optional(),
  SLUICE_RUN_AS: z.string().default('sluice'), // unprivileged user for Postgres and Elasticsearch under root
  PG_PORT: port(5432), // Postgres port
  PG_ADMIN_USER: z.string().default('postgres'), // superuser, used by the launcher and migrations only
  PG_ADMIN_PASSWORD: z.string().default('sluice-admin-dev'),
  PG_DATABASE: z.string().default('sluice'),
  // The launcher listens where the Sluice processes will look: the same variables, so ports are set once.
  KAFKA_BROKERS: z.string().default('127.0.0.1:9092'), // the broker's PLAINTEXT listener
  KAFKA_CONTROLLER_PORT: port(9093), // KRaft controller listener
  CONNECT_URL: z.url().default('http://127.0.0.1:8083'), // Kafka Connect REST (loopback only)
  ES_URL: z.url().default('https://127.0.0.1:9200'), // Elasticsearch HTTPS (security on: TLS, a user per service)
  PROJECTOR_INDEX_PREFIX: z.string().default(''), // index prefix the projector runs with: the Elasticsearch roles name its indexes
  NODE_ENV: z.string().default('development'), // production: the Elasticsearch roles name exactly that prefix; otherwise any prefix (tests isolate with one)
  ES_HEAP: z.string().default('512m'), // every JVM heap is capped
  // Extra Elasticsearch node settings, `name=value` separated by commas, passed as -E options (the fault suite
  // starts it with a tiny write queue to meet real 429s, docs/reliability.md T08).
  ES_SETTINGS: z.string().default('').refine((v) => v.split(',').every((s) => s.trim() === '' || /^[a-z0-9_.]+=\S+$/.test(s.trim())), 'name=value,... (Elasticsearch node settings)'),
  KAFKA_HEAP: z.string().default('512m'),
  // One node of several (the replicated cluster, ./cluster/): its id, the controller quorum and the cluster id every
  // node is formatted with. A single node needs none of them.
  KAFKA_NODE_ID: z.coerce.number().int().min(1).default(1),
  KAFKA_QUORUM_VOTERS: z.string().optional(), // id@host:port,...; default: this node alone
  KAFKA_CLUSTER_ID: z.string().optional(), // default: a new one at format time
  ES_NODE_NAME: z.string().default('sluice-1'),
  ES_TRANSPORT_PORT: z.coerce.number().int().optional(),
  ES_SEED_HOSTS: z.string().optional(), // host:port,... of the transport layer; unset: a single node
  ES_MASTER_NODES: z.string().optional(), // node names for the first election of a new cluster
  ES_CERTS_FROM: z.string().optional(), // a folder of certificates every node of a cluster shares (one CA)
  CONNECT_HEAP: z.string().default('512m'),
});

const portOf = (address: string): number => Number(new URL(address.includes('://') ? address : `tcp://${address}`).port);

const withPorts = schema.transform((c) => ({
  ...c,
  KAFKA_PORT: portOf(c.KAFKA_BROKERS.split(',')[0] ?? ''),
  CONNECT_PORT: portOf(c.CONNECT_URL),
  ES_PORT: portOf(c.ES_URL),
}));

export type StackConfig = Readonly<z.infer<typeof withPorts>>;

export interface StackContext {
  config: StackConfig;
  layout: Layout;
  runAs: RunAs | undefined;
  javaHome: string;
  /** Absolute path of the stack's secrets file (lib/secrets.ts), handed to every process it starts. */
  secretsFile: string;
  say: (line: string) => void;
}

export const loadStackConfig = (env: Record<string, string | undefined>): StackConfig => loadConfig(withPorts, env);

export function createStackContext(config: StackConfig, deps: Omit<StackContext, 'config' | 'layout'>): StackContext {
  return { config, layout: createLayout(config.SLUICE_HOME, config.SLUICE_DOWNLOADS), ...deps };
}
