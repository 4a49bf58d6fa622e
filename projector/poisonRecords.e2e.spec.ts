// docs/reliability.md T24 through the real pipeline: every malformed shape model/change/decode.ts classifies, put on
// every partition of a real CDC topic the running projector reads, plus a real change of a table its declarations do
// not read. What a user sees: each one on the dead-letter topic with its original topic, partition, offset, reason and
// value; the resolve lag back to 0; and changes Debezium captures after them on each of those partitions projected.
// The projector here runs the customers projection only, as a projector of an older release would during a rollout
// that captures a table it does not know: the connector's real `products` changes are then its unknown table.
import { randomUUID } from 'node:crypto';
import { Partitioners, type PartitionerArgs } from 'kafkajs';
import { waitFor } from '../lib/waitFor.js';
import { cdcTopic } from '../lib/names.js';
import { testKafka } from '../testkit/kafka.js';
import { startIsolatedProjector, type IsolatedProjector } from '../testkit/isolatedProjector.js';
import { createPipelineProbe, type PipelineProbe } from '../testkit/pipelineProbe.js';
import { deadLetters, readFrom, recordAt, type ParkedLetter } from '../testkit/topicRecords.js';
import { customersProjection } from '../model/projections/customers/customers.js';

const ORDERS = cdcTopic({ prefix: 'sluice' }, 'orders');
const PRODUCTS = cdcTopic({ prefix: 'sluice' }, 'products');
const kafka = testKafka();
let h: IsolatedProjector;
let probe: PipelineProbe;

beforeAll(async () => {
  h = await startIsolatedProjector({ label: 'p24', settings: { projections: [customersProjection] } });
  probe = await createPipelineProbe(h.settings);
}, 120_000);
afterAll(async () => {
  await probe?.close();
  await h?.close();
});

/** Each malformed shape on an orders partition, and the reason the decoder gives it. */
const shapes = (id: string): Array<{ key: string | null; value: string; reason: string }> => [
  { key: null, value: 'not-json', reason: 'not-json' },
  { key: null, value: '[1,2]', reason: 'not-an-envelope' },
  { key: null, value: '{}', reason: 'missing-op' },
  { key: JSON.stringify({ id }), value: JSON.stringify({ before: null, after: { id }, source: { table: 'orders', txId: 1 }, ts_ms: 1 }), reason: 'missing-op' },
  { key: JSON.stringify({ id }), value: JSON.stringify({ op: 'x', after: { id } }), reason: 'unknown-op' },
  { key: JSON.stringify({ id }), value: JSON.stringify({ op: 'c', before: null, after: null }), reason: 'missing-image' },
  { key: JSON.stringify({ id }), value: JSON.stringify({ op: 'u', before: null, after: { id } }), reason: 'schema-drift' },
];

/** Order ids whose Debezium key (`{"id":...}`, JSON) the producer's murmur2 partitioner puts on each partition. */
function orderIdPerPartition(partitions: number): string[] {
  const partitionOf = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({ partitionId, leader: 0 })) as PartitionerArgs['partitionMetadata'];
  const ids: Array<string | undefined> = new Array<string | undefined>(partitions).fill(undefined);
  while (ids.includes(undefined)) {
    const id = randomUUID();
    const p = partitionOf({ topic: ORDERS, partitionMetadata, message: { key: JSON.stringify({ id }), value: null } });
    ids[p] ??= id;
  }
  return ids as string[];
}

describe('T24: malformed records on real CDC topics', () => {
  it('parks each with its coordinates and reason, and every partition keeps flowing', async () => {
    const admin = kafka.admin();
    await admin.connect();
    const partitions = (await admin.fetchTopicOffsets(ORDERS)).map((p) => p.partition).sort((a, b) => a - b);
    await admin.disconnect();

    // Every shape on every partition, each partition's in one request, so the offsets follow the base offset.
    const producer = kafka.producer();
    await producer.connect();
    const planted: Array<{ partition: number; offset: string; value: string; reason: string }> = [];
    for (const partition of partitions) {
      const batch = shapes(randomUUID());
      const [meta] = await producer.send({ topic: ORDERS, messages: batch.map((s) => ({ key: s.key, value: s.value, partition })) });
      batch.forEach((s, i) => planted.push({ partition, offset: String(Number(meta!.baseOffset) + i), value: s.value, reason: s.reason }));
    }
    await producer.disconnect();
    const afterPoison = new Map(partitions.map((p) => [p, planted.filter((x) => x.partition === p).at(-1)!.offset]));

    // A real change of a table the customers projection does not read, then a customer and an order per partition.
    const sql = (text: string, params: unknown[]) => h.admin.query(text, params);
    const product = randomUUID();
    await sql(`INSERT INTO products (id, sku, name, category, price_cents, stock) VALUES ($1, $2, 'Unread', 'misc', 100, 1)`, [product, `SKU-${product}`]);
    const customer = randomUUID();
    await sql(`INSERT INTO customers (id, name, email, city, tier) VALUES ($1, 'After poison', $2, 'Oslo', 'standard')`, [customer, `${customer}@example.com`]);
    const orders = orderIdPerPartition(partitions.length);
    for (const id of orders) await sql('INSERT INTO orders (id, customer_id, total_cents) VALUES ($1, $2, 100)', [id, customer]);

    const parked = await waitFor(async () => {
      const letters = await deadLetters(kafka, h.settings.dlqTopic);
      const found = planted.map((x) => letters.find((l) => l.topic === ORDERS && l.partition === x.partition && l.offset === x.offset));
      const unknown = letters.find((l) => l.topic === PRODUCTS && l.reason === 'unknown-table' && l.value?.includes(product));
      return found.every(Boolean) && unknown ? { letters, found: found as ParkedLetter[], unknown } : undefined;
    }, { timeoutMs: 90_000, intervalMs: 1_000, description: 'every planted record and the unknown table dead-lettered' });

    expect(parked.found.map((l) => [l.partition, l.offset, l.reason, l.value])).toEqual(planted.map((x) => [x.partition, x.offset, x.reason, x.value]));
    for (const l of parked.found) expect(l.detail).toEqual(expect.any(String));
    // The unknown table's letter points at the real record Debezium wrote, and carries it.
    const original = await recordAt(kafka, PRODUCTS, parked.unknown.partition, parked.unknown.offset);
    expect(original?.value).toBe(parked.unknown.value);
    expect((JSON.parse(original!.value!) as { op: string; after: { id: string } })).toMatchObject({ op: 'c', after: { id: product } });
    expect(parked.unknown.detail).toBe('table products is not captured');

    // The partitions kept flowing: each got one of the orders after its poison, and every order was projected.
    await h.waitForDoc('customers', customer, (d) => d?.['orderCount'] === orders.length, 90_000);
    const after = await readFrom(kafka, ORDERS, new Map([...afterPoison].map(([p, o]) => [p, Number(o) + 1])));
    const followed = new Set(after.filter((r) => orders.some((id) => r.value?.includes(id))).map((r) => r.partition));
    expect([...followed].sort((a, b) => a - b)).toEqual(partitions);
    await waitFor(async () => (await probe.lag()).resolve === 0, { timeoutMs: 60_000, intervalMs: 500, description: 'resolve lag 0' });
    // Nothing of the sound changes was parked.
    const letters = await deadLetters(kafka, h.settings.dlqTopic);
    expect(letters.filter((l) => [customer, ...orders].some((id) => l.value?.includes(id)))).toEqual([]);
  }, 180_000);
});
