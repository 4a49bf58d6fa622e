import { clusterSettings, topology } from './topology.js';
import { kafkaMinInsync, kafkaReplicationFactor, esReplicas } from '../../../lib/replication.js';

describe('the cluster topology', () => {
  const t = topology({ CLUSTER_HOME: '/tmp/sluice-cluster-topology-spec' });
  const ports = [
    t.postgres, ...t.kafka.flatMap((k) => [k.port, k.controllerPort]), ...t.connect.map((c) => c.port),
    ...t.elasticsearch.flatMap((e) => [e.port, e.transportPort]), ...[...t.commandApi, ...t.queryApi, ...t.projector].map((n) => n.port),
    t.ops, ...Object.values(t.front),
  ];

  it('gives every node a port of its own, in the 3xxxx range (beside the development and test stacks)', () => {
    expect(new Set(ports).size).toBe(ports.length);
    expect(ports.every((p) => p >= 30_000 && p < 40_000)).toBe(true);
  });

  it('runs three brokers, two Connect workers, three Elasticsearch nodes and two of each Sluice process', () => {
    expect([t.kafka.length, t.connect.length, t.elasticsearch.length, t.commandApi.length, t.queryApi.length, t.projector.length]).toEqual([3, 2, 3, 2, 2, 2]);
    expect(topology({ CLUSTER_PROJECTORS: '3' }).projector.map((p) => p.name)).toEqual(['projector-1', 'projector-2', 'projector-3']);
    expect(() => topology({ CLUSTER_PROJECTORS: '0' })).toThrow(/CLUSTER_PROJECTORS/);
  });

  it('replicates every topic three times with two in sync, and every index once', () => {
    const s = clusterSettings(t, {});
    expect([kafkaReplicationFactor(s), kafkaMinInsync(s), esReplicas(s)]).toEqual([3, 2, 1]);
    expect(s['KAFKA_QUORUM_VOTERS']).toBe('1@127.0.0.1:39093,2@127.0.0.1:39193,3@127.0.0.1:39293');
    expect(s['NODE_ENV']).toBe('production');
  });

  it('keeps one copy and no replica on a single-node stack, and refuses nonsense', () => {
    expect([kafkaReplicationFactor({}), kafkaMinInsync({}), esReplicas({})]).toEqual([1, 1, 0]);
    expect(() => kafkaReplicationFactor({ KAFKA_REPLICATION_FACTOR: '0' })).toThrow(/KAFKA_REPLICATION_FACTOR/);
    expect(() => esReplicas({ ES_REPLICAS: 'one' })).toThrow(/ES_REPLICAS/);
  });
});
