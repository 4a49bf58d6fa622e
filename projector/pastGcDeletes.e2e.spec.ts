// docs/reliability.md T17 past `index.gc_deletes`: an order is deleted in Postgres and by the projector, the index
// forgets the delete tombstone (its gc_deletes set to one second for this test's own index), and then the order's
// old change events are replayed through the real pipeline (the resolve group rewound to before the order existed).
// The document must stay deleted: events carry no content, so the replay re-reads Postgres, finds the root absent and
// deletes again (model/bulk/versioning.ts, rule (a)). The control at the end shows the window had really passed: the
// document's old body written at its old version is then accepted, which is how a stale write would resurrect it.
import { randomUUID } from 'node:crypto';
import { waitFor } from '../lib/waitFor.js';
import { consumerGroups, readAlias } from '../lib/names.js';
import { testKafka } from '../testkit/kafka.js';
import { startIsolatedProjector, type IsolatedProjector } from '../testkit/isolatedProjector.js';
import { createPipelineProbe, type Mark, type PipelineProbe } from '../testkit/pipelineProbe.js';
import { deadLetters } from '../testkit/topicRecords.js';

let h: IsolatedProjector;
let probe: PipelineProbe;
const alias = () => readAlias('orders', h.settings.indexPrefix);

beforeAll(async () => {
  h = await startIsolatedProjector({ label: 'p17' });
  probe = await createPipelineProbe(h.settings);
  await h.es.indices.putSettings({ index: alias(), settings: { 'index.gc_deletes': '1s' } });
}, 120_000);
afterAll(async () => {
  await probe?.close();
  await h?.close();
});

/**
 * Waits until the index has forgotten every delete tombstone older than now: a canary document, deleted at version 30
 * after the deletes that matter, accepts a write at version 25 again (the index has one shard, so one version map).
 */
async function waitPastGcDeletes(): Promise<void> {
  const id = `canary-${randomUUID()}`;
  await h.es.index({ index: alias(), id, version: 20, version_type: 'external', document: {} });
  await h.es.delete({ index: alias(), id, version: 30, version_type: 'external' });
  await waitFor(async () => (await h.es.index({ index: alias(), id, version: 25, version_type: 'external', document: {} }, { ignore: [409] })).result === 'created', {
    timeoutMs: 60_000, intervalMs: 500, description: 'the canary tombstone forgotten',
  });
  await h.es.delete({ index: alias(), id, version: 40, version_type: 'external' });
}

/** Rewinds the resolve group of the stopped projector to `mark` on the tables the order's events are on. */
async function rewind(mark: Mark): Promise<void> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    for (const topic of ['sluice.public.orders', 'sluice.public.order_lines']) {
      const partitions = [...(mark.cdc.get(topic) ?? new Map<number, number>())].map(([partition, offset]) => ({ partition, offset: String(offset) }));
      // The group may still show the stopped member for a moment: setOffsets refuses until it is empty.
      const set = async () => {
        await admin.setOffsets({ groupId: consumerGroups(h.settings.groupPrefix).resolve, topic, partitions });
        return true;
      };
      await waitFor(set, { timeoutMs: 60_000, intervalMs: 1_000, description: `rewind on ${topic}` });
    }
  } finally {
    await admin.disconnect();
  }
}

describe('T17: a deleted root past gc_deletes', () => {
  it('stays deleted when its old change events are replayed after the tombstone is forgotten', async () => {
    const live = await h.es.indices.getSettings({ index: alias(), name: 'index.gc_deletes' });
    expect(Object.values(live)[0]?.settings?.index?.gc_deletes).toBe('1s');
    const [customer, product, order] = [randomUUID(), randomUUID(), randomUUID()];
    await h.admin.query(`INSERT INTO customers (id, name, email) VALUES ($1, 'Late', $2)`, [customer, `${customer}@example.com`]);
    await h.admin.query(`INSERT INTO products (id, sku, name, category, price_cents, stock) VALUES ($1, $2, 'Lamp', 'home', 900, 5)`, [product, `SKU-${product}`]);
    const beforeOrder = await probe.mark();
    await h.admin.query(`INSERT INTO orders (id, customer_id, total_cents) VALUES ($1, $2, 900)`, [order, customer]);
    await h.admin.query(`INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents) VALUES ($1, $2, 1, 900)`, [order, product]);
    await h.admin.query(`UPDATE orders SET status = 'paid', paid_at = now(), version = version + 1 WHERE id = $1`, [order]);
    await h.waitForDoc('orders', order, (d) => d?.['status'] === 'paid' && d['itemCount'] === 1);
    const stale = (await h.doc('orders', order))!;

    await h.admin.query('DELETE FROM orders WHERE id = $1', [order]);
    await h.waitForDoc('orders', order, (d) => d === undefined);
    await waitPastGcDeletes();

    // Replay: the projector restarted with its resolve group before the order's first event.
    await h.stop();
    await rewind(beforeOrder);
    const beforeReplay = await probe.mark();
    await h.start();
    await probe.settle(beforeReplay, {});
    await waitFor(async () => ((await probe.dirtySince(beforeReplay))['orders']?.has(order) ? true : undefined), { timeoutMs: 30_000, description: 'the replay marked the order dirty again' });
    await probe.settle(beforeReplay, {});
    expect(await h.doc('orders', order)).toBeUndefined();
    await h.es.indices.refresh({ index: alias() });
    expect((await h.es.count({ index: alias(), query: { ids: { values: [order] } } })).count).toBe(0);
    expect((await deadLetters(testKafka(), h.settings.dlqTopic)).filter((l) => l.value?.includes(order))).toEqual([]);

    // Control: past the window again, the old body at its old version is accepted: only re-reading kept it deleted.
    await waitPastGcDeletes();
    const written = await h.es.index({ index: alias(), id: order, version: stale.version, version_type: 'external', document: stale.doc }, { ignore: [409] });
    expect(written.result).toBe('created');
    await h.es.delete({ index: alias(), id: order, version: stale.version + 1_000_000_000, version_type: 'external' });
    await h.admin.query('DELETE FROM customers WHERE id = $1', [customer]);
    await h.admin.query('DELETE FROM products WHERE id = $1', [product]);
  }, 180_000);
});
