// What `sluice cluster status` shows beyond each process's state: every node's role (broker/controller and the
// active controller, Elasticsearch master/data and the elected master, the Connect leader and where the Debezium
// tasks run), the health of the replicated data, and the projector instances in their consumer groups.
// Where Kafka exposes a role over no API kafkajs speaks (the KRaft quorum leader, the Connect group leader), it is
// read from the node's own log: the last transition it logged.
import { readFileSync } from 'node:fs';
import { readTail } from '../../../lib/fileRange.js';
import kafkajs, { Kafka, logLevel } from 'kafkajs';
import { adminSaslFrom } from '../../../lib/kafkaSasl.js';
import { consumerGroups, CONNECTORS, DEFAULT_GROUP_PREFIX } from '../../../lib/names.js';
import { readSecrets, withSecrets } from '../../../lib/secrets.js';
import { connectFetch, connectRest, CONNECT_REST_DEFAULT_USER } from '../../../connectors/rest.js';
import { esHttp } from '../esHttp.js';
import { ES_PASSWORD_SECRETS, ES_USERS } from '../components/esRoles.js';
import type { StackContext } from '../context.js';
import type { Topology } from './topology.js';

/** The last 4 MiB of a log: enough for its latest transitions, without reading a long log whole. */
const tail = (file: string): string => readTail(file, 4 * 1024 * 1024);

const lastMatch = (text: string, pattern: RegExp): RegExpExecArray | undefined => [...text.matchAll(pattern)].at(-1);

export interface KafkaView {
  brokers: { id: number; port: number; registered: boolean; quorum: string }[];
  activeController: number | undefined;
  topics: number;
  partitions: number;
  underReplicated: number;
  minReplicas: number;
}

async function kafkaView(t: Topology, ctx: StackContext, env: Record<string, string | undefined>): Promise<KafkaView | { error: string }> {
  const sasl = adminSaslFrom(env);
  const client = new Kafka({ clientId: 'sluice-cluster-status', brokers: t.kafka.map((k) => `127.0.0.1:${k.port}`), logLevel: logLevel.NOTHING, retry: { retries: 1 }, ...(sasl ? { sasl } : {}) });
  const admin = client.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    const { topics } = await admin.fetchTopicMetadata();
    const partitions = topics.flatMap((topic) => topic.partitions);
    // The quorum state each node logged last (Leader, Follower, Candidate, ...): the leader is the active controller.
    const quorum = t.kafka.map((k) => lastMatch(tail(ctx.layout.log(k.name)), /Completed transition to (\w+?)(?:State)?\(/g)?.[1] ?? 'unknown');
    return {
      brokers: t.kafka.map((k, i) => ({ id: k.id, port: k.port, registered: cluster.brokers.some((b) => b.nodeId === k.id), quorum: quorum[i] ?? 'unknown' })),
      activeController: t.kafka.find((_, i) => quorum[i] === 'Leader')?.id,
      topics: topics.length,
      partitions: partitions.length,
      underReplicated: partitions.filter((p) => p.isr.length < p.replicas.length).length,
      minReplicas: Math.min(...partitions.map((p) => p.replicas.length)),
    };
  } catch (error) {
    return { error: (error as Error).message };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

interface GroupView { group: string; state: string; members: { member: string; clientId: string; partitions: number }[] }

async function groupsView(t: Topology, env: Record<string, string | undefined>): Promise<GroupView[] | { error: string }> {
  const sasl = adminSaslFrom(env);
  const client = new Kafka({ clientId: 'sluice-cluster-status', brokers: t.kafka.map((k) => `127.0.0.1:${k.port}`), logLevel: logLevel.NOTHING, retry: { retries: 1 }, ...(sasl ? { sasl } : {}) });
  const admin = client.admin();
  try {
    await admin.connect();
    const names = Object.values(consumerGroups(env['PROJECTOR_GROUP_PREFIX'] ?? DEFAULT_GROUP_PREFIX));
    const { groups } = await admin.describeGroups(names);
    return groups.map((g) => ({
      group: g.groupId,
      state: g.state,
      members: g.members.map((m) => {
        const assignment = m.memberAssignment.length ? kafkajs.AssignerProtocol.MemberAssignment.decode(m.memberAssignment) : null;
        const partitions = Object.values(assignment?.assignment ?? {}).reduce((sum, list) => sum + list.length, 0);
        return { member: m.memberId, clientId: m.clientId, partitions };
      }),
    }));
  } catch (error) {
    return { error: (error as Error).message };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function esView(t: Topology, env: Record<string, string | undefined>): Promise<unknown> {
  const access = { url: `https://127.0.0.1:${t.front.elasticsearch}`, ca: readFileSync(env['ES_CA_FILE'] ?? ''), username: ES_USERS.admin, password: env[ES_PASSWORD_SECRETS.admin] };
  try {
    const [health, nodes] = await Promise.all([esHttp(access, '/_cluster/health', 10_000), esHttp(access, '/_cat/nodes?format=json&h=name,node.role,master,heap.max', 10_000)]);
    const h = JSON.parse(health.body) as Record<string, unknown>;
    const n = JSON.parse(nodes.body) as { name: string; 'node.role': string; master: string; 'heap.max': string }[];
    return {
      status: h['status'], nodes: h['number_of_nodes'], activeShards: h['active_shards'], activePrimaries: h['active_primary_shards'], unassigned: h['unassigned_shards'],
      members: n.map((x) => ({ name: x.name, roles: x['node.role'], electedMaster: x.master === '*', heap: x['heap.max'] })).sort((a, b) => a.name.localeCompare(b.name)),
    };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

async function connectView(t: Topology, ctx: StackContext, env: Record<string, string | undefined>): Promise<unknown> {
  const rest = connectRest(`http://127.0.0.1:${t.front.connect}`, CONNECT_REST_DEFAULT_USER, env['CONNECT_REST_PASSWORD'] ?? '');
  const leaders = t.connect.map((c) => lastMatch(tail(ctx.layout.log(c.name)), /leaderUrl='([^']*)'/g)?.[1]);
  const connectors = await Promise.all(CONNECTORS.map(async (name) => {
    const response = await connectFetch(rest, `/connectors/${name}/status`, { signal: AbortSignal.timeout(3000) }).catch(() => undefined);
    if (!response?.ok) return { name, state: 'unknown' };
    const s = (await response.json()) as { connector: { state: string; worker_id: string }; tasks: { state: string; worker_id: string }[] };
    return { name, state: s.connector.state, worker: s.connector.worker_id, tasks: s.tasks.map((task) => ({ state: task.state, worker: task.worker_id })) };
  }));
  return { leader: leaders.filter(Boolean).at(-1) ?? 'unknown', workers: t.connect.map((c) => c.name), connectors };
}

export async function clusterDetails(t: Topology, ctx: StackContext): Promise<Record<string, unknown>> {
  const env = withSecrets({ ...process.env, ...readSecrets({ SLUICE_SECRETS_FILE: ctx.secretsFile }) });
  const [kafka, groups, elasticsearch, connect] = await Promise.all([kafkaView(t, ctx, env), groupsView(t, env), esView(t, env), connectView(t, ctx, env)]);
  return { kafka, elasticsearch, connect, projectorGroups: groups };
}
