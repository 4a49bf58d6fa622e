// The cluster's slower node faults (SLUICE_TARGET=cluster): a broker cut off like a network partition (SIGSTOP for
// longer than the session and request timeouts, then SIGCONT), and a rolling restart of every replicated component,
// one node at a time, each waiting for its kind to be whole again (Kafka in sync, Elasticsearch green) before the
// next goes, as an operator would. Postgres (one primary), the ops service and the balancer are single: their
// restarts are the stack rows' (T10) or not a rolling matter.
import { waitFor } from '../../lib/waitFor.js';
import { openCluster } from '../../infra/native/cluster/index.js';
import { testKafka } from '../../testkit/kafka.js';
import type { ClusterNode, ComponentName, Nemesis } from '../nemesis.js';
import type { Row } from '../row.js';
import { cdcLeader, esGreen } from './nodes.js';

const hold = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Past kafkajs' 30 s session and request timeouts and the brokers' 9 s KRaft session: the broker is fenced. */
const PARTITION_MS = 45_000;

/** Every partition of every topic has all its replicas in sync again. */
async function kafkaInSync(): Promise<boolean> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata();
    return topics.every((t) => t.partitions.every((p) => p.isr.length === p.replicas.length));
  } finally {
    await admin.disconnect();
  }
}

/** Waits until the kind of `node` (a kafka-* or elasticsearch-* node; others hold no copies) is whole again. */
async function whole(node: string): Promise<void> {
  const check = node.startsWith('kafka-') ? kafkaInSync : node.startsWith('elasticsearch-') ? esGreen : undefined;
  if (!check) return;
  await waitFor(() => check().catch(() => false), { timeoutMs: 300_000, intervalMs: 1_000, description: `${node}'s kind whole again after its restart` });
}

/** The replicated nodes, in the order an operator restarts them: the stores first, the stateless services last. */
function rollingOrder(): ClusterNode[] {
  const t = openCluster(process.env, () => undefined).topology;
  return [...t.kafka, ...t.connect, ...t.elasticsearch, ...t.projector, ...t.commandApi, ...t.queryApi].map((n) => n.name as ClusterNode);
}

async function rollingRestart(n: Nemesis, injects: ComponentName[]): Promise<void> {
  const order = rollingOrder();
  injects.splice(0, injects.length, ...order);
  for (const node of order) {
    await whole(node);
    await n.stop(node);
    await n.start(node);
  }
  for (const node of order) await whole(node); // and every kind whole after the last
}

function partitionRow(): Row {
  const injects: ComponentName[] = [];
  return {
    id: 'N07-broker-partition',
    injection: `SIGSTOP the Kafka broker leading the orders CDC partition for ${PARTITION_MS / 1000} s (past every session and request timeout), then SIGCONT`,
    injects,
    effect: 'stall',
    async fault(n) {
      const node = await cdcLeader();
      injects.splice(0, injects.length, node);
      try {
        await n.freeze(node);
        await hold(PARTITION_MS);
      } finally {
        n.thaw(node);
      }
      await whole(node);
    },
  };
}

function rollingRow(): Row {
  const injects: ComponentName[] = [];
  return {
    id: 'N08-rolling-restart',
    injection: 'a rolling restart of every Kafka broker, Connect worker, Elasticsearch node, projector and API instance, one at a time',
    injects,
    effect: 'restart',
    convergeTimeoutMs: 420_000,
    fault: (n) => rollingRestart(n, injects),
  };
}

export const ROLLING_ROWS: readonly Row[] = [partitionRow(), rollingRow()];
