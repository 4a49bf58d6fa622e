// docs/reliability.md T25 through the real pipeline: a real TRUNCATE of a captured table is parked with reason
// `truncate`, while tombstones, heartbeats and logical messages pass without a dead letter and the partitions keep
// flowing. connectors/sluice-postgres.json makes the connector emit truncates (`skipped.operations` none: Debezium's
// default drops them silently) and drop logical messages at the source (`message.prefix.exclude.list`: its message
// topic is granted to no one, and one `pg_logical_emit_message` failed the connector's task). The table truncated is
// Sluice's own signal table, captured like the projections' tables: truncating a projection's table would empty what
// every other test shares. A Debezium-shaped logical message (op `m`) is also put on a CDC topic the projector reads,
// as a connector without that exclusion would route it, to show the decoder's path for it in the running stage.
import { randomUUID } from 'node:crypto';
import { waitFor } from '../lib/waitFor.js';
import { cdcTopic, HEARTBEAT_TABLE, SIGNAL_TABLE, TABLE_CONNECTOR } from '../lib/names.js';
import { fetchStatus, isRunning } from '../connectors/register.js';
import { connectRestFrom } from '../connectors/rest.js';
import { testKafka } from '../testkit/kafka.js';
import { startIsolatedProjector, type IsolatedProjector } from '../testkit/isolatedProjector.js';
import { createPipelineProbe, type PipelineProbe } from '../testkit/pipelineProbe.js';
import { deadLetters, readFrom, recordAt, type TopicRecord } from '../testkit/topicRecords.js';

const topic = (table: string) => cdcTopic({ prefix: 'sluice' }, table);
const kafka = testKafka();
let h: IsolatedProjector;
let probe: PipelineProbe;

beforeAll(async () => {
  h = await startIsolatedProjector({ label: 'p25' });
  probe = await createPipelineProbe(h.settings);
}, 120_000);
afterAll(async () => {
  await probe?.close();
  await h?.close();
});

const sql = (text: string, params: unknown[] = []) => h.admin.query(text, params);

/** Current end of every partition of a topic (0 for a topic not created yet). */
async function ends(name: string): Promise<Map<number, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(name)) return new Map([[0, 0]]);
    return new Map((await admin.fetchTopicOffsets(name)).map((p) => [p.partition, Number(p.high)]));
  } finally {
    await admin.disconnect();
  }
}

/** Waits until `name` holds a record after `from` that `match` accepts. */
const arrived = (name: string, from: Map<number, number>, match: (r: TopicRecord) => boolean) =>
  waitFor(async () => (await readFrom(kafka, name, from)).find(match), { timeoutMs: 60_000, intervalMs: 500, description: `a record on ${name}` });

describe('T25: truncates, tombstones, heartbeats and logical messages from the real connector', () => {
  it('parks a real TRUNCATE with reason truncate and lets the others pass without a dead letter', async () => {
    const marks = { signal: await ends(topic(SIGNAL_TABLE)), beat: await ends(topic(HEARTBEAT_TABLE)), customers: await ends(topic('customers')) };

    await sql(`TRUNCATE public.${SIGNAL_TABLE}`);
    const truncate = await arrived(topic(SIGNAL_TABLE), marks.signal, (r) => r.value !== null && (JSON.parse(r.value) as { op?: string }).op === 't');

    // A customer deleted: Debezium follows the delete with a tombstone (tombstones.on.delete).
    const gone = randomUUID();
    await sql(`INSERT INTO customers (id, name, email) VALUES ($1, 'Gone', $2)`, [gone, `${gone}@example.com`]);
    await sql('DELETE FROM customers WHERE id = $1', [gone]);
    const tombstone = await arrived(topic('customers'), marks.customers, (r) => r.value === null && r.key?.includes(gone) === true);

    // A logical message, as another application might emit one in a transaction of its own: dropped at the source,
    // the connector keeps running (the changes below are captured after it). And one in Debezium's shape on a CDC topic.
    await sql(`SELECT pg_logical_emit_message(true, 'sluice-test', $1)`, [gone]);
    const message = { op: 'm', ts_ms: Date.now(), source: { connector: 'postgresql', name: 'sluice', db: 'sluice', txId: null }, message: { prefix: 'sluice-test', content: Buffer.from(gone).toString('base64') } };
    const producer = kafka.producer();
    await producer.connect();
    const [copied] = await producer.send({ topic: topic('orders'), messages: [{ key: JSON.stringify({ prefix: 'sluice-test' }), value: JSON.stringify(message), partition: 0 }] });
    await producer.disconnect();

    // The heartbeat row Debezium updates every few seconds: one change of it after the mark.
    const beat = await arrived(topic(HEARTBEAT_TABLE), marks.beat, (r) => r.value !== null);

    // A sound change after all of them is projected, and nothing is left unresolved.
    const customer = randomUUID();
    await sql(`INSERT INTO customers (id, name, email) VALUES ($1, 'After', $2)`, [customer, `${customer}@example.com`]);
    await h.waitForDoc('customers', customer, (d) => d?.['name'] === 'After', 90_000);
    await waitFor(async () => (await probe.lag()).resolve === 0, { timeoutMs: 60_000, intervalMs: 500, description: 'resolve lag 0' });

    const letters = await waitFor(async () => {
      const all = await deadLetters(kafka, h.settings.dlqTopic);
      return all.some((l) => l.reason === 'truncate') ? all : undefined;
    }, { timeoutMs: 30_000, intervalMs: 500, description: 'the truncate parked' });
    const at = (t: string, r: { partition: number; offset: string }) => (l: { topic: string; partition: number; offset: string }) => l.topic === t && l.partition === r.partition && l.offset === r.offset;
    expect(letters.filter(at(topic(SIGNAL_TABLE), truncate))).toEqual([
      expect.objectContaining({ reason: 'truncate', detail: `TRUNCATE ${SIGNAL_TABLE}: run sluice verify --repair`, value: truncate.value }),
    ]);
    expect((await recordAt(kafka, topic(SIGNAL_TABLE), truncate.partition, truncate.offset))?.value).toBe(truncate.value);
    expect(letters.filter(at(topic('customers'), tombstone))).toEqual([]);
    expect(letters.filter(at(topic('orders'), { partition: 0, offset: String(copied?.baseOffset) }))).toEqual([]);
    expect(letters.filter((l) => l.topic === topic(HEARTBEAT_TABLE) || l.topic.startsWith('__debezium-heartbeat'))).toEqual([]);
    expect(letters.filter((l) => l.reason !== 'truncate' && [gone, customer].some((id) => l.value?.includes(id)))).toEqual([]);
    expect(beat.value).toContain('beat_at');
    const status = await fetchStatus(connectRestFrom(process.env), TABLE_CONNECTOR);
    expect(status && isRunning(status)).toBe(true);
  }, 180_000);
});
