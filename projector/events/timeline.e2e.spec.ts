// The order timeline end to end: commands through the command API, their events through the outbox connector onto
// `sluice.events.order`, the timeline stage into Elasticsearch. Asserted as a user of the read model sees it: each
// order's events in order with the command's transaction, the derived facts, a search for orders cancelled after
// payment, idempotence under a replay of the same events, a rebuild from the beginning of the topic with
// `sluice rebuild order_timeline` that equals the live documents, and `sluice verify order_timeline` finding a
// deleted, an extra and a stale document.
import { randomBytes, randomUUID } from 'node:crypto';
import { decodePosition } from '../../lib/position.js';
import { waitFor } from '../../lib/waitFor.js';
import { consumerGroups, eventTopic, indexNames } from '../../lib/names.js';
import { startCommandApp, seed, type CommandClient } from '../../testkit/commandApp.js';
import { startGroupAtEnd, testBrokers, testSasl } from '../../testkit/kafka.js';
import { deleteIndexesWithPrefix } from '../../testkit/elasticsearch.js';
import { testEsClient } from '../../testkit/elasticsearch.js';
import { createEventDocStore, ensureEventIndex } from '../../model/adapters/elasticsearch/eventDocStore.js';
import { createKafkaClient } from '../../model/adapters/kafka/client.js';
import { ensureTopics } from '../../model/adapters/kafka/admin.js';
import { createBatchConsumer, type BatchConsumer } from '../adapters/kafka/consumer.js';
import { runSluice } from '../../testkit/sluiceCli.js';
import { rebuildEventBuilt } from './rebuildEventBuilt.js';
import type { DeadLetter } from '../ports.js';
import type { OrderTimeline } from '../../model/projections/timeline/fold.js';
import { ORDER_TIMELINE } from '../../model/projections/timeline/timeline.js';
import { createEventStage } from './eventStage.js';

const tag = randomBytes(4).toString('hex');
const prefix = `tl-${tag}-`;
const groupPrefix = `sluice-test-${tag}`;
const topic = eventTopic('order');
const es = testEsClient();
const kafka = createKafkaClient(testBrokers(), `timeline-${tag}`, testSasl());
const alias = indexNames(ORDER_TIMELINE, prefix).alias;
const parked: DeadLetter[] = [];
const deadLetters = { park: async (letters: readonly DeadLetter[]) => void parked.push(...letters) };
let api: CommandClient;
let live: BatchConsumer;
// `sluice` against this suite's own index prefix and groups (the event topic is the real one).
const sasl = testSasl();
const cli = { PROJECTOR_INDEX_PREFIX: prefix, PROJECTOR_GROUP_PREFIX: groupPrefix, LOG_LEVEL: 'silent', ...(sasl ? { KAFKA_PROJECTOR_USER: sasl.username, KAFKA_PROJECTOR_PASSWORD: sasl.password } : {}) };

const startLive = (): BatchConsumer =>
  createBatchConsumer(kafka, { groupId: consumerGroups(groupPrefix).timeline, topics: [topic], concurrency: 4, commitIntervalMs: 100 }, createEventStage({ projection: ORDER_TIMELINE, store: createEventDocStore(es), deadLetters, index: () => alias }));

beforeAll(async () => {
  api = await startCommandApp();
  await ensureTopics(kafka, [topic], 4);
  await startGroupAtEnd(kafka, consumerGroups(groupPrefix).timeline, [topic]);
  await ensureEventIndex(es, ORDER_TIMELINE, prefix);
  live = startLive();
  await live.start();
});

afterAll(async () => {
  await live.stop();
  await api.close();
  await deleteIndexesWithPrefix(es, prefix); // every version the rebuilds made, whatever their numbers
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups([consumerGroups(groupPrefix).timeline]).catch(() => undefined);
  await admin.disconnect();
  await es.close();
});

const timelineOf = async (index: string, id: string): Promise<OrderTimeline | undefined> => {
  const res = await es.get<OrderTimeline>({ index, id, realtime: true }, { ignore: [404] });
  return res.found ? res._source : undefined;
};

const xidOf = (position: string): string => decodePosition(position).xid.toString();

describe('the order timeline', () => {
  const orders: Record<string, { id: string; xids: string[] }> = {};

  it('holds each order\'s events in order, each with its command\'s transaction, and the facts derived from them', async () => {
    const { customerId, productIds } = await seed(api, [50]);
    const line = [{ productId: productIds[0]!, quantity: 2 }];
    const run = async (name: string, steps: Array<(id: string) => [string, Record<string, unknown>]>) => {
      const placed = await api.send('place-order', { customerId, lines: line });
      expect(placed.status).toBe(201);
      const id = placed.body.id as string;
      const xids = [xidOf(placed.body.position as string)];
      for (const step of steps) {
        const [command, body] = step(id);
        const r = await api.send(command, body);
        expect(r.status).toBe(200);
        xids.push(xidOf(r.body.position as string));
      }
      orders[name] = { id, xids };
    };
    const total = 2 * 1250;
    await run('shipped', [(id) => ['pay-order', { orderId: id, amountCents: total, method: 'card' }], (id) => ['ship-order', { orderId: id, carrier: 'dhl', trackingNumber: 'T1' }]]);
    await run('cancelledPaid', [(id) => ['pay-order', { orderId: id, amountCents: total, method: 'card' }], (id) => ['cancel-order', { orderId: id, reason: 'late' }]]);
    await run('cancelledUnpaid', [(id) => ['cancel-order', { orderId: id, reason: 'changed mind' }]]);
    // A refused command emits nothing: paying a cancelled order is refused.
    expect((await api.send('pay-order', { orderId: orders['cancelledUnpaid']!.id, amountCents: total, method: 'card' })).status).toBe(409);

    const expected = {
      shipped: { status: 'shipped', types: ['OrderPlaced', 'OrderPaid', 'OrderShipped'], cancelledAfterPayment: false },
      cancelledPaid: { status: 'cancelled', types: ['OrderPlaced', 'OrderPaid', 'OrderCancelled'], cancelledAfterPayment: true },
      cancelledUnpaid: { status: 'cancelled', types: ['OrderPlaced', 'OrderCancelled'], cancelledAfterPayment: false },
    } as const;
    for (const [name, want] of Object.entries(expected)) {
      const { id, xids } = orders[name]!;
      const doc = await waitFor(async () => {
        const d = await timelineOf(alias, id);
        return d && d.eventCount === want.types.length ? d : undefined;
      }, { timeoutMs: 60_000, description: `the timeline of the ${name} order` });
      expect({ status: doc.status, types: doc.events.map((e) => e.type), xids: doc.events.map((e) => e.xid), cancelledAfterPayment: doc.cancelledAfterPayment })
        .toEqual({ status: want.status, types: want.types, xids, cancelledAfterPayment: want.cancelledAfterPayment });
      expect(doc).toMatchObject({ orderId: id, customerId, totalCents: total });
    }
    const shipped = (await timelineOf(alias, orders['shipped']!.id))!;
    expect(shipped.placedToShippedMs).toBe(Date.parse(shipped.shippedAt!) - Date.parse(shipped.placedAt!));
    expect(parked).toEqual([]);
  });

  it('finds the orders cancelled after payment with a search', async () => {
    await es.indices.refresh({ index: alias });
    const ids = Object.values(orders).map((o) => o.id);
    const res = await es.search<OrderTimeline>({ index: alias, query: { bool: { filter: [{ ids: { values: ids } }, { term: { cancelledAfterPayment: true } }] } } });
    expect(res.hits.hits.map((h) => h._id)).toEqual([orders['cancelledPaid']!.id]);
  });

  it('given the same events delivered again from an earlier offset, then every document stays as it was', async () => {
    const before = await Promise.all(Object.values(orders).map((o) => timelineOf(alias, o.id)));
    await live.stop();
    // Rewind the live group to the end of the topic as it was when the suite started: every event is redelivered.
    const admin = kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId: consumerGroups(groupPrefix).timeline, topics: [topic] });
    const rewound = committed!.partitions.map((p) => ({ partition: p.partition, offset: String(Math.max(0, Number(p.offset) - 20)) }));
    await admin.setOffsets({ groupId: consumerGroups(groupPrefix).timeline, topic, partitions: rewound });
    live = startLive();
    await live.start();
    await waitFor(async () => {
      const [now] = await admin.fetchOffsets({ groupId: consumerGroups(groupPrefix).timeline, topics: [topic] });
      return ends.every((e) => Number(now!.partitions.find((p) => p.partition === e.partition)?.offset ?? -1) >= Number(e.high));
    }, { timeoutMs: 60_000, description: 'the redelivered events consumed' });
    await admin.disconnect();
    expect(await Promise.all(Object.values(orders).map((o) => timelineOf(alias, o.id)))).toEqual(before);
  });

  it('rebuilt by `sluice rebuild order_timeline` from the beginning of the topic into a new version, it equals the live documents, and the alias moves to it', async () => {
    const before = await Promise.all(Object.values(orders).map((o) => timelineOf(alias, o.id)));
    const run = await runSluice(['rebuild', ORDER_TIMELINE.name, '--version', '2'], cli);
    expect(run).toMatchObject({ code: 0, out: expect.stringContaining(`rebuilt ${prefix}${ORDER_TIMELINE.name}_v2`) });
    const rebuilt = `${prefix}${ORDER_TIMELINE.name}_v2`;
    expect(await Promise.all(Object.values(orders).map((o) => timelineOf(rebuilt, o.id)))).toEqual(before);
    const aliases = await es.indices.getAlias({ name: alias });
    expect(Object.keys(aliases)).toEqual([rebuilt]);
    await expect(rebuildEventBuilt({ projection: ORDER_TIMELINE, es, kafka, topicPrefix: 'sluice', groupPrefix, indexPrefix: prefix, deadLetters, version: 2 })).rejects.toThrow(/already the live/);
  }, 700_000);

  it('`sluice verify order_timeline` folds the topic itself: all equal, then a deleted, an extra and a stale document each found', async () => {
    // The rebuild folded the whole topic into the live version, so the index holds every order of the topic.
    const clean = await runSluice(['verify', ORDER_TIMELINE.name], cli);
    expect(clean.out).toMatch(/order_timeline: checked \d+, missing 0, extra 0, stale 0/);
    expect(clean.code).toBe(0);
    const [gone, changed] = [orders['shipped']!.id, orders['cancelledPaid']!.id];
    const extra = randomUUID();
    const stale = (await timelineOf(alias, changed))!;
    await es.delete({ index: alias, id: gone, refresh: true });
    await es.index({ index: alias, id: extra, document: { ...stale, id: extra, orderId: extra }, refresh: true });
    await es.index({ index: alias, id: changed, document: { ...stale, status: 'placed' }, refresh: true });
    const found = await runSluice(['verify', ORDER_TIMELINE.name], cli);
    expect(found.out).toMatch(/order_timeline: checked \d+, missing 1, extra 1, stale 1/);
    expect(found.out).toContain(`missing ${gone}`);
    expect(found.out).toContain(`extra   ${extra}`);
    expect(found.out).toContain(`stale   ${changed}: status`);
    expect(found.code).toBe(2);
  }, 300_000);
});
