// The replicated cluster on one machine (`sluice cluster up`): which nodes, on which ports, with which settings.
// Its own home and ports in the 3xxxx range, so it runs beside the development stack (5432, 9092, ...) and the test
// stack (+10000). Every name and port is spelled here once; nodes.ts turns them into components, status.ts reads them.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseSecrets } from '../../../lib/secrets.js';
import { clusterEnvFileOf, clusterHome } from '../../../lib/target.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

export interface KafkaNode { id: number; name: string; port: number; controllerPort: number }
export interface EsNode { name: string; nodeName: string; port: number; transportPort: number }
export interface PortNode { name: string; port: number }

/** Every node of the cluster. Instance i of a kind listens at its base port + 100·(i-1). */
export interface Topology {
  home: string;
  postgres: number;
  kafka: KafkaNode[];
  connect: PortNode[];
  elasticsearch: EsNode[];
  commandApi: PortNode[];
  queryApi: PortNode[];
  projector: PortNode[];
  ops: number;
  /** The balancer's front ports: clients see one address per service (./balancer.ts). */
  front: { command: number; query: number; connect: number; elasticsearch: number };
}

const nodes = (kind: string, count: number, base: number): PortNode[] => range(count).map((i) => ({ name: `${kind}-${i}`, port: base + 100 * (i - 1) }));

/** CLUSTER_PROJECTORS: how many projector instances share the groups (default 2; partitions bound what more buy). */
export function topology(env: Record<string, string | undefined>): Topology {
  const projectors = Number(env['CLUSTER_PROJECTORS'] ?? 2);
  if (!Number.isInteger(projectors) || projectors < 1 || projectors > 6) throw new Error(`CLUSTER_PROJECTORS must be 1..6, got ${env['CLUSTER_PROJECTORS']}`);
  return {
    home: clusterHome(env),
    postgres: 35432,
    kafka: range(3).map((id) => ({ id, name: `kafka-${id}`, port: 38992 + 100 * id, controllerPort: 38993 + 100 * id })),
    connect: nodes('connect', 2, 38083),
    elasticsearch: range(3).map((i) => ({ name: `elasticsearch-${i}`, nodeName: `sluice-${i}`, port: 39199 + i, transportPort: 39299 + i })),
    commandApi: nodes('command-api', 2, 33180),
    queryApi: nodes('query-api', 2, 33181),
    projector: nodes('projector', projectors, 33190),
    ops: 33082,
    front: { command: 33080, query: 33081, connect: 38080, elasticsearch: 39280 },
  };
}

export const esCertsDir = (t: Topology): string => `${t.home}/data/es-certs`;

/** One cluster id for every Kafka node (they are formatted apart, and must agree): made once per home. */
function kafkaClusterId(t: Topology): string {
  const file = `${t.home}/kafka-cluster-id`;
  if (!existsSync(file)) {
    mkdirSync(t.home, { recursive: true });
    writeFileSync(file, randomBytes(16).toString('base64url'));
  }
  return readFileSync(file, 'utf8').trim();
}

/**
 * The settings every process of the cluster runs with, and that operator tools (sluice lag, verify, the fault suite,
 * the benchmarks) read to reach it: written to <home>/cluster.env. No secret is in it (they stay in secrets.env).
 */
export function clusterSettings(t: Topology, env: Record<string, string | undefined>): Record<string, string> {
  return {
    SLUICE_HOME: t.home,
    ...(env['SLUICE_DOWNLOADS'] ? { SLUICE_DOWNLOADS: resolve(env['SLUICE_DOWNLOADS']) } : {}),
    NODE_ENV: 'production',
    PG_PORT: String(t.postgres),
    KAFKA_BROKERS: t.kafka.map((k) => `127.0.0.1:${k.port}`).join(','),
    KAFKA_QUORUM_VOTERS: t.kafka.map((k) => `${k.id}@127.0.0.1:${k.controllerPort}`).join(','),
    KAFKA_CLUSTER_ID: kafkaClusterId(t),
    KAFKA_REPLICATION_FACTOR: '3',
    ES_REPLICAS: '1',
    ES_SEED_HOSTS: t.elasticsearch.map((e) => `127.0.0.1:${e.transportPort}`).join(','),
    ES_MASTER_NODES: t.elasticsearch.map((e) => e.nodeName).join(','),
    ES_CERTS_FROM: `${esCertsDir(t)}/certs`,
    ES_CA_FILE: `${esCertsDir(t)}/certs/ca.crt`,
    // What clients use: the balancer's front ports; each node is given its own port when it starts (nodes.ts).
    CONNECT_URL: `http://127.0.0.1:${t.front.connect}`,
    ES_URL: `https://127.0.0.1:${t.front.elasticsearch}`,
    API_COMMAND_PORT: String(t.front.command),
    API_QUERY_PORT: String(t.front.query),
    API_OPS_PORT: String(t.ops),
    PROJECTOR_METRICS_PORT: String(t.projector[0]?.port ?? 0),
    // The ops service's freshness figures come from one projector instance's metrics (the first).
    PROJECTOR_METRICS_URL: `http://127.0.0.1:${t.projector[0]?.port ?? 0}/metrics`,
    KAFKA_HEAP: '384m',
    CONNECT_HEAP: '512m',
    ES_HEAP: '512m',
  };
}

export const clusterEnvFile = (t: Topology): string => clusterEnvFileOf({ CLUSTER_HOME: t.home });

export function writeClusterEnv(t: Topology, settings: Record<string, string>): void {
  mkdirSync(t.home, { recursive: true });
  writeFileSync(clusterEnvFile(t), `# Written by \`sluice cluster up\`: the cluster's settings (no secrets). Source it to point tools at the cluster.\n${Object.entries(settings).map(([k, v]) => `${k}=${v}`).join('\n')}\n`);
}

export const readClusterEnv = (t: Topology): Record<string, string> => (existsSync(clusterEnvFile(t)) ? parseSecrets(readFileSync(clusterEnvFile(t), 'utf8')) : {});
