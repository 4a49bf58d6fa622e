// Node faults of the replicated cluster (SLUICE_TARGET=cluster, `sluice cluster up`): kill -9 one node of a kind
// under load, restart it after the hold as an operator would (`sluice cluster up <node>`). Which node is chosen at
// injection time, by its role: the broker leading the orders CDC partition, the active KRaft controller, the Connect
// worker running the Debezium table-change task, the elected Elasticsearch master, one projector instance. The others
// of its kind must carry the pipeline meanwhile: the oracle judges as for every row (nothing acknowledged lost,
// verify clean, no 5xx but 503).
import { readFileSync } from 'node:fs';
import { cdcTopic, DEFAULT_TOPIC_PREFIX, readAlias, TABLE_CONNECTOR } from '../../lib/names.js';
import { withSecrets } from '../../lib/secrets.js';
import { waitFor } from '../../lib/waitFor.js';
import { esHttp } from '../../infra/native/esHttp.js';
import { ES_PASSWORD_SECRETS, ES_USERS } from '../../infra/native/components/esRoles.js';
import { clusterDetails, openCluster } from '../../infra/native/cluster/index.js';
import { testKafka } from '../../testkit/kafka.js';
import type { ClusterNode, ComponentName } from '../nemesis.js';
import type { Row } from '../row.js';

const hold = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const quiet = (): void => undefined;

export async function details(): Promise<{ nodes: ReturnType<typeof openCluster>['topology']; view: Record<string, unknown> }> {
  const cluster = openCluster(process.env, quiet);
  return { nodes: cluster.topology, view: await clusterDetails(cluster.topology, cluster.ctx) };
}

const must = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`could not find ${what}`);
  return value;
};

/** The broker leading partition 0 of the orders CDC topic: the one Debezium writes to and the projector reads. */
export async function cdcLeader(): Promise<ClusterNode> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    const topic = cdcTopic({ prefix: DEFAULT_TOPIC_PREFIX }, 'orders');
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    const leader = topics[0]?.partitions.find((p) => p.partitionId === 0)?.leader;
    return `kafka-${must(leader, `the leader of ${topic}/0`)}`;
  } finally {
    await admin.disconnect();
  }
}

async function activeController(): Promise<ClusterNode> {
  const { view } = await details();
  return `kafka-${must((view['kafka'] as { activeController?: number }).activeController, 'the active controller')}`;
}

async function debeziumWorker(): Promise<ClusterNode> {
  const { nodes, view } = await details();
  const connectors = (view['connect'] as { connectors: { name: string; tasks?: { worker: string }[] }[] }).connectors;
  const worker = connectors.find((c) => c.name === TABLE_CONNECTOR)?.tasks?.[0]?.worker;
  const node = nodes.connect.find((c) => worker?.endsWith(`:${c.port}`));
  return must(node?.name as ClusterNode | undefined, `the worker running ${TABLE_CONNECTOR}'s task (${worker ?? 'none'})`);
}

async function esMaster(): Promise<ClusterNode> {
  const { nodes, view } = await details();
  const members = (view['elasticsearch'] as { members?: { name: string; electedMaster: boolean }[] }).members ?? [];
  const master = members.find((m) => m.electedMaster)?.name;
  return must(nodes.elasticsearch.find((e) => e.nodeName === master)?.name as ClusterNode | undefined, 'the elected Elasticsearch master');
}

/** A GET on the cluster's Elasticsearch front as its admin; the body. */
export async function esAdminGet(path: string): Promise<string> {
  const cluster = openCluster(process.env, quiet);
  const env = withSecrets({ ...process.env, SLUICE_SECRETS_FILE: cluster.ctx.secretsFile });
  const access = { url: `https://127.0.0.1:${cluster.topology.front.elasticsearch}`, ca: readFileSync(env['ES_CA_FILE'] ?? ''), username: ES_USERS.admin, password: env[ES_PASSWORD_SECRETS.admin] };
  return (await esHttp(access, path, 30_000)).body;
}

/** The node holding the primary of the orders index, preferably not the elected master (which N05 covers). */
/** Every primary and replica assigned and started (the previous row's node may still be recovering its copies). */
export const esGreen = async (): Promise<boolean> =>
  (JSON.parse(await esAdminGet('/_cluster/health?wait_for_status=green&timeout=5s')) as { status?: string }).status === 'green';

async function ordersPrimary(): Promise<ClusterNode> {
  await waitFor(() => esGreen().catch(() => false), { timeoutMs: 300_000, intervalMs: 1_000, description: 'Elasticsearch green before choosing the primary to kill' });
  const { nodes, view } = await details();
  const master = ((view['elasticsearch'] as { members?: { name: string; electedMaster: boolean }[] }).members ?? []).find((m) => m.electedMaster)?.name;
  const shards = JSON.parse(await esAdminGet(`/_cat/shards/${readAlias('orders', '')}?format=json&h=prirep,node`)) as { prirep: string; node: string }[];
  // One shard: its primary may sit on the master, and then this row kills the master as well.
  const holder = (shards.find((s) => s.prirep === 'p' && s.node !== master) ?? shards.find((s) => s.prirep === 'p'))?.node;
  return must(nodes.elasticsearch.find((e) => e.nodeName === holder)?.name as ClusterNode | undefined, 'the node holding the orders primary');
}

/** kill -9 the node `pick` chooses, restart it after the hold; the row's `injects` names it once chosen. */
function killNode(id: string, what: string, pick: () => Promise<ClusterNode>, extra: Partial<Row> = {}): Row {
  const injects: ComponentName[] = [];
  return {
    id,
    injection: `kill -9 ${what}, restart after the hold`,
    injects,
    effect: 'restart',
    async fault(n, holdMs) {
      const node = await pick();
      injects.splice(0, injects.length, node);
      await n.kill(node);
      await hold(holdMs);
      await n.start(node);
    },
    ...extra,
  };
}

export const NODE_ROWS: readonly Row[] = [
  killNode('N01-broker', 'the Kafka broker leading the orders CDC partition', cdcLeader),
  killNode('N02-controller', 'the active KRaft controller (a broker too)', activeController),
  killNode('N03-connect', 'the Connect worker running the Debezium task (it must move)', debeziumWorker),
  killNode('N04-projector', 'one of the two projector instances', () => Promise.resolve('projector-1')),
  // With replicas the oracle forgives a dip a later reading climbs back from (dirty reads, chaos/esModel.ts).
  killNode('N05-es-master', 'the elected Elasticsearch master', esMaster),
  killNode('N06-es-primary', 'the Elasticsearch data node holding the orders primary', ordersPrimary),
];
