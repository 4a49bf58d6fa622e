// T40, Kafka: every principal authenticates with SASL/SCRAM and may do only what infra/native/kafkaAcls.ts grants.
// For each service principal one allowed action succeeds and actions outside its rights are refused by the broker;
// the broker creates no topic on its own, refuses a wrong password, runs unprivileged and listens on loopback only.
// Needs the native stack (its PID files); the passwords are the stack's generated ones (ensureStack adopts them).
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { KAFKA_PRINCIPALS, kafkaSasl, type KafkaSasl } from '../../lib/kafkaSasl.js';
import { cdcTopic, consumerGroups, DEFAULT_GROUP_PREFIX, deadLetterTopic, DEFAULT_TOPIC_PREFIX } from '../../lib/names.js';
import { testBrokers, testKafka, testSasl } from '../../testkit/kafka.js';
import { listeningAddresses, uidOf } from '../../testkit/listeners.js';
import { createLayout } from './layout.js';
import { readRecord } from './processes.js';

const as = (principal: keyof typeof KAFKA_PRINCIPALS, password?: string): Kafka => {
  const envName = `KAFKA_${principal.toUpperCase()}_PASSWORD`;
  const sasl = kafkaSasl(KAFKA_PRINCIPALS[principal], password ?? process.env[envName]) as KafkaSasl;
  return new Kafka({ clientId: `t40-${principal}`, brokers: testBrokers(), logLevel: logLevel.NOTHING, sasl, retry: { retries: 1, initialRetryTime: 100 } });
};

/** Every type and message along an error's cause chain: kafkajs wraps a broker's refusal in retry errors. */
type KafkaError = { type?: string; message?: string; cause?: unknown; originalError?: unknown; errors?: unknown[] } | undefined;
const chain = (error: unknown): string => {
  const e = error as KafkaError;
  if (!e) return '';
  const inner = [...(e.errors ?? []), e.originalError ?? e.cause].filter(Boolean).map(chain);
  return [`${e.type ?? ''} ${e.message ?? ''}`, ...inner].join(' <- ');
};

const refusal = async (action: () => Promise<unknown>): Promise<string> => {
  try {
    await action();
  } catch (error) {
    return chain(error);
  }
  return 'not refused';
};

const produceAs = async (kafka: Kafka, topic: string): Promise<void> => {
  const producer = kafka.producer({ allowAutoTopicCreation: false, retry: { retries: 1 } });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: [{ key: 't40', value: 'must not land' }] });
  } finally {
    await producer.disconnect();
  }
};

const withAdmin = async <T>(kafka: Kafka, use: (admin: Admin) => Promise<T>): Promise<T> => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect();
  }
};

const cdc = cdcTopic({ prefix: DEFAULT_TOPIC_PREFIX }, 'customers');
const groups = consumerGroups(DEFAULT_GROUP_PREFIX);
const tag = `t40${randomUUID().slice(0, 8)}`;
const ownDirty = `${DEFAULT_TOPIC_PREFIX}.dirty.${tag}`; // under the projector's dirty prefix: its own to create
const made: string[] = [];

afterAll(async () => {
  await withAdmin(testKafka(), async (admin) => {
    const existing = new Set(await admin.listTopics());
    const leftovers = made.filter((t) => existing.has(t));
    if (leftovers.length) await admin.deleteTopics({ topics: leftovers });
  });
});

describe('Kafka authenticates every client (T40)', () => {
  it('refuses a wrong password and a client without SASL', async () => {
    expect(await refusal(() => withAdmin(as('admin', 'not-the-password'), (a) => a.listTopics()))).toMatch(/SASL|authentication/i);
    const anonymous = new Kafka({ clientId: 't40-anonymous', brokers: testBrokers(), logLevel: logLevel.NOTHING, connectionTimeout: 2_000, requestTimeout: 3_000, retry: { retries: 0 } });
    expect(await refusal(() => withAdmin(anonymous, (a) => a.listTopics()))).not.toBe('not refused');
  });

  it('creates no topic on its own: producing to an unknown topic fails and leaves no topic', async () => {
    const unknown = `t40-unknown-${tag}`;
    expect(await refusal(() => produceAs(testKafka(), unknown))).toMatch(/UNKNOWN_TOPIC_OR_PARTITION|does not host|not exist/i);
    expect(await withAdmin(testKafka(), (a) => a.listTopics())).not.toContain(unknown);
  });
});

describe('each principal may do only its own work (T40)', () => {
  it('projector: creates, writes and reads its own dirty topic; cannot produce to a CDC topic or create a foreign topic', async () => {
    made.push(ownDirty);
    await withAdmin(as('projector'), (a) => a.createTopics({ waitForLeaders: true, topics: [{ topic: ownDirty, numPartitions: 1, replicationFactor: 1 }] }));
    await produceAs(as('projector'), ownDirty);
    expect(await withAdmin(as('projector'), (a) => a.fetchTopicOffsets(ownDirty))).toEqual([expect.objectContaining({ partition: 0, high: '1' })]);

    expect(await refusal(() => produceAs(as('projector'), cdc))).toMatch(/TOPIC_AUTHORIZATION_FAILED|not authorized/i);
    const foreign = `t40-foreign-${tag}`;
    made.push(foreign, `${cdc}${tag}`);
    expect(await refusal(() => withAdmin(as('projector'), (a) => a.createTopics({ topics: [{ topic: foreign, numPartitions: 1 }] })))).toMatch(/AUTHORIZATION_FAILED|not authorized/i);
    // Not even a CDC topic: those belong to Connect (and the launcher creates them as admin).
    expect(await refusal(() => withAdmin(as('projector'), (a) => a.createTopics({ topics: [{ topic: `${cdc}${tag}`, numPartitions: 1 }] })))).toMatch(/AUTHORIZATION_FAILED|not authorized/i);
  });

  it('ops: reads end offsets and the projector groups\' commits; cannot produce, not even to the dead-letter topic', async () => {
    const ends = await withAdmin(as('ops'), (a) => a.fetchTopicOffsets(cdc));
    expect(ends.length).toBeGreaterThan(0);
    await expect(withAdmin(as('ops'), (a) => a.fetchOffsets({ groupId: groups.resolve, topics: [cdc] }))).resolves.toBeDefined();
    // The topic must exist (the projector makes it at its first start): for a missing topic that ops may describe, the
    // broker answers "unknown topic" before it checks the write.
    await withAdmin(testKafka(), (a) => a.createTopics({ topics: [{ topic: deadLetterTopic(DEFAULT_TOPIC_PREFIX), numPartitions: 1 }] }));
    expect(await refusal(() => produceAs(as('ops'), deadLetterTopic(DEFAULT_TOPIC_PREFIX)))).toMatch(/TOPIC_AUTHORIZATION_FAILED|not authorized/i);
    expect(await refusal(() => produceAs(as('ops'), cdc))).toMatch(/TOPIC_AUTHORIZATION_FAILED|not authorized/i);
  });

  it('connect: reads its own storage topics; cannot read the projector\'s dirty topics or create a topic outside its own', async () => {
    expect((await withAdmin(as('connect'), (a) => a.fetchTopicOffsets('sluice-connect-status'))).length).toBeGreaterThan(0);
    expect(await refusal(() => withAdmin(as('connect'), (a) => a.fetchTopicOffsets(`${DEFAULT_TOPIC_PREFIX}.dirty.customers`)))).toMatch(/AUTHORIZATION_FAILED|not authorized|does not host|UNKNOWN_TOPIC/i);
    const foreign = `t40-connect-${tag}`;
    made.push(foreign);
    expect(await refusal(() => withAdmin(as('connect'), (a) => a.createTopics({ topics: [{ topic: foreign, numPartitions: 1 }] })))).toMatch(/AUTHORIZATION_FAILED|not authorized/i);
  });

  it('a principal outside its groups is refused: the projector reads its own group\'s commits, not Connect\'s', async () => {
    await expect(withAdmin(as('projector'), (a) => a.fetchOffsets({ groupId: groups.resolve, topics: [cdc] }))).resolves.toBeDefined();
    // The broker answers FindCoordinator with GROUP_AUTHORIZATION_FAILED; kafkajs reports it as "no coordinator",
    // which the allowed group just above shows is not an unreachable coordinator.
    expect(await refusal(() => withAdmin(as('projector'), (a) => a.fetchOffsets({ groupId: 'sluice-connect', topics: [cdc] })))).toMatch(/GROUP_AUTHORIZATION_FAILED|not authorized|Failed to find group coordinator/i);
  });
});

describe('Kafka and Connect processes (T40)', () => {
  const layout = createLayout(process.env['SLUICE_HOME'] ?? '.infra');
  it.each(['kafka', 'connect'])('%s runs as the unprivileged user and listens on 127.0.0.1 only', (name) => {
    const record = readRecord(layout.pidFile(name));
    expect(record).toBeDefined();
    const pid = record?.pid ?? 0;
    expect(uidOf(pid)).not.toBe(0);
    const addresses = listeningAddresses(pid);
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('the tests themselves hold the admin principal (the stack generated its password)', () => {
    expect(testSasl()?.username).toBe(KAFKA_PRINCIPALS.admin);
  });
});
