// The foundation through real components: a row written to Postgres arrives in Kafka as a Debezium change
// event (create, update, delete + tombstone) read with kafkajs; a document written to Elasticsearch with the
// official client can be searched back.
import { randomUUID } from 'node:crypto';
import { testEsClient } from '../../testkit/elasticsearch.js';
import pg from 'pg';
import { waitFor } from '../../lib/waitFor.js';
import { cdcTopic, DEFAULT_TOPIC_PREFIX } from '../../lib/names.js';
import { collect, testKafka, type Collector } from '../../testkit/kafka.js';

const admin = new pg.Client({
  host: '127.0.0.1',
  port: Number(process.env['PG_PORT'] ?? 5432),
  database: process.env['PG_DATABASE'] ?? 'sluice',
  user: process.env['PG_ADMIN_USER'] ?? 'postgres',
  password: process.env['PG_ADMIN_PASSWORD'] ?? 'sluice-admin-dev',
});
const es = testEsClient();

interface Envelope {
  op: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  source: { table: string; lsn: number; txId: number };
}

beforeAll(() => admin.connect());
afterAll(async () => {
  await admin.end();
  await es.close();
});

describe('change events from Postgres through Debezium into Kafka', () => {
  let collector: Collector;
  afterEach(() => collector?.stop());

  it('delivers create, update, delete and a tombstone for one row, in order', async () => {
    const id = randomUUID();
    await admin.query(`INSERT INTO customers (id, name, email, city) VALUES ($1, 'Ada', $2, 'Zurich')`, [id, `${id}@example.com`]);
    await admin.query(`UPDATE customers SET name = 'Ada Lovelace', version = version + 1 WHERE id = $1`, [id]);
    await admin.query(`DELETE FROM customers WHERE id = $1`, [id]);

    collector = await collect(testKafka(), cdcTopic({ prefix: DEFAULT_TOPIC_PREFIX }, 'customers'));
    const ours = await waitFor(
      () => {
        const mine = collector.messages.filter((m) => JSON.parse(m.key?.toString() ?? '{}').id === id);
        return mine.length >= 4 ? mine : undefined;
      },
      { timeoutMs: 60_000, description: 'four change events for the new customer' },
    );

    const values = ours.map((m) => (m.value ? (JSON.parse(m.value.toString()) as Envelope) : null));
    expect(values.map((v) => v?.op ?? 'tombstone')).toEqual(['c', 'u', 'd', 'tombstone']);
    const [created, updated, deleted] = values as [Envelope, Envelope, Envelope];
    expect(created.after).toMatchObject({ id, name: 'Ada', email: `${id}@example.com`, city: 'Zurich', tier: 'standard', version: 1 });
    expect(updated.after).toMatchObject({ id, name: 'Ada Lovelace', version: 2 });
    expect(deleted.before).toMatchObject({ id });
    expect(deleted.after).toBeNull();
    expect(created.source.table).toBe('customers');
    expect(updated.source.lsn).toBeGreaterThan(created.source.lsn);
  });
});

describe('Elasticsearch', () => {
  const index = `test-foundation-${randomUUID()}`;
  afterAll(() => es.indices.delete({ index }, { ignore: [404] }));

  it('indexes a document that a search then finds', async () => {
    await es.indices.create({ index, mappings: { dynamic: 'strict', properties: { name: { type: 'text' }, city: { type: 'keyword' } } } });
    await es.index({ index, id: 'a', document: { name: 'Grace Hopper', city: 'Arlington' }, refresh: 'wait_for' });
    await es.index({ index, id: 'b', document: { name: 'Alan Turing', city: 'London' }, refresh: 'wait_for' });

    const result = await es.search<{ name: string; city: string }>({ index, query: { match: { name: 'hopper' } } });

    expect(result.hits.hits.map((hit) => hit._source)).toEqual([{ name: 'Grace Hopper', city: 'Arlington' }]);
  });
});
