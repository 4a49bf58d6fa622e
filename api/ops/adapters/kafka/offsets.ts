// Consumer lag with the kafkajs admin client: a group's committed offsets (fetchOffsets) against each partition's
// end (fetchTopicOffsets). kafkajs is unmaintained, so it stays in this file behind one small probe function.
import { Kafka, logLevel, type Admin } from 'kafkajs';
import type { KafkaSasl } from '../../../../lib/kafkaSasl.js';
import type { DeadLetterFigures, GroupLag, KafkaFigures, PartitionLag, TopicLag } from '../../lag/sample.js';

export interface KafkaProbeSettings {
  brokers: readonly string[];
  /** The ops principal (KAFKA_OPS_*): describe only, it never reads a record. */
  sasl?: KafkaSasl | undefined;
  resolveGroup: string;
  hydrateGroup: string;
  cdcTopics: readonly string[];
  dirtyTopics: readonly string[];
  dlqTopic: string;
  /** The event-built read models' live groups and the event topics each folds. */
  eventGroups?: readonly { groupId: string; topics: readonly string[] }[];
}

type Ends = Map<string, { partition: number; high: number; low: number }[]>;

async function topicEnds(admin: Admin, topics: readonly string[]): Promise<Ends> {
  const existing = new Set(await admin.listTopics());
  const ends: Ends = new Map();
  for (const topic of topics.filter((t) => existing.has(t))) {
    const offsets = await admin.fetchTopicOffsets(topic);
    ends.set(topic, offsets.map((o) => ({ partition: o.partition, high: Number(o.high), low: Number(o.low) })));
  }
  return ends;
}

async function groupLag(admin: Admin, groupId: string, topics: readonly string[], ends: Ends): Promise<GroupLag> {
  const present = topics.filter((t) => ends.has(t));
  const committed = present.length ? await admin.fetchOffsets({ groupId, topics: [...present] }) : [];
  const { groups } = await admin.describeGroups([groupId]);
  const group = groups[0];
  const lagOf = (topic: string): TopicLag => {
    const mine = committed.find((c) => c.topic === topic)?.partitions ?? [];
    const partitions: PartitionLag[] = (ends.get(topic) ?? []).map((end) => {
      const raw = Number(mine.find((p) => p.partition === end.partition)?.offset ?? -1);
      // Never committed: the group starts from the beginning (fromBeginning), so all retained records are owed.
      const from = raw >= 0 ? raw : end.low;
      return { partition: end.partition, committed: raw >= 0 ? raw : null, end: end.high, lag: Math.max(0, end.high - from) };
    });
    const sum = (pick: (p: PartitionLag) => number) => partitions.reduce((a, p) => a + pick(p), 0);
    return { topic, exists: ends.has(topic), lag: sum((p) => p.lag), end: sum((p) => p.end), partitions };
  };
  const topicLags = topics.map(lagOf);
  const all = topicLags.flatMap((t) => t.partitions);
  return {
    groupId,
    state: group?.state ?? 'Unknown',
    members: group?.members.length ?? 0,
    lag: topicLags.reduce((a, t) => a + t.lag, 0),
    committed: all.reduce((a, p) => a + (p.committed ?? 0), 0),
    end: all.reduce((a, p) => a + p.end, 0),
    everCommitted: all.some((p) => p.committed !== null),
    topics: topicLags,
  };
}

function deadLettersOf(topic: string, ends: Ends): DeadLetterFigures {
  const partitions = ends.get(topic);
  return { topic, exists: partitions !== undefined, count: (partitions ?? []).reduce((a, p) => a + p.high - p.low, 0) };
}

export function createKafkaProbe(s: KafkaProbeSettings) {
  // Few, short retries: an unreachable broker must turn into an "unavailable" stage within one collection.
  const kafka = new Kafka({ clientId: 'sluice-ops', brokers: [...s.brokers], logLevel: logLevel.NOTHING, connectionTimeout: 2_000, requestTimeout: 5_000, retry: { retries: 1, initialRetryTime: 200 }, ...(s.sasl ? { sasl: s.sasl } : {}) });
  let admin: Admin | undefined;
  const connected = async (): Promise<Admin> => {
    if (admin) return admin;
    const fresh = kafka.admin();
    await fresh.connect();
    return (admin = fresh);
  };
  const probe = async (): Promise<KafkaFigures> => {
    try {
      const a = await connected();
      const groups = s.eventGroups ?? [];
      const ends = await topicEnds(a, [...new Set([...s.cdcTopics, ...s.dirtyTopics, s.dlqTopic, ...groups.flatMap((g) => g.topics)])]);
      const [resolve, hydrate, ...events] = await Promise.all([groupLag(a, s.resolveGroup, s.cdcTopics, ends), groupLag(a, s.hydrateGroup, s.dirtyTopics, ends), ...groups.map((g) => groupLag(a, g.groupId, g.topics, ends))]);
      return { resolve, hydrate, events, deadLetters: deadLettersOf(s.dlqTopic, ends) };
    } catch (error) {
      // Start from a fresh connection next time: kafkajs does not always recover a broken admin.
      const broken = admin;
      admin = undefined;
      await broken?.disconnect().catch(() => undefined);
      throw new Error(`Kafka unavailable: ${(error as Error).message}`, { cause: error });
    }
  };
  const close = async () => {
    await admin?.disconnect().catch(() => undefined);
    admin = undefined;
  };
  return { probe, close };
}
