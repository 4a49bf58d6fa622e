// Domain events end to end: commands through the command API, the outbox in their transactions, the sluice-outbox
// connector's event router, and the topics a consuming team reads (docs/events.md). Asserted as that team sees it:
// per aggregate key exactly the events of the committed commands, in commit order, with the headers and the JSON
// payloads of the published contract (api/events/schemas.ts); the refused command is absent. Duplicates are allowed
// (delivery is at least once), so events are counted by eventId, as docs/events.md tells consumers to.
import type { KafkaMessage } from 'kafkajs';
import { decodePosition } from '../../lib/position.js';
import { waitFor } from '../../lib/waitFor.js';
import { EVENTS, type EventType } from '../events/schemas.js';
import { startCommandApp, uniqueEmail, uniqueSku, type CommandClient } from '../../testkit/commandApp.js';
import { collect, testKafka, type Collector } from '../../testkit/kafka.js';
import { eventTopic } from '../../lib/names.js';

let api: CommandClient;
const kafka = testKafka();
const collectors: Collector[] = [];
beforeAll(async () => void (api = await startCommandApp()));
afterAll(async () => {
  await Promise.all(collectors.map((c) => c.stop()));
  await api.close();
});

interface Received { key: string; eventId: string; type: string; schemaVersion: string; xid: string; payload: unknown }

const header = (m: KafkaMessage, name: string): string => m.headers?.[name]?.toString() ?? '';
const receivedOf = (m: KafkaMessage): Received => ({
  key: m.key?.toString() ?? '',
  eventId: header(m, 'eventId'),
  type: header(m, 'eventType'),
  schemaVersion: header(m, 'schemaVersion'),
  xid: header(m, 'xid'),
  payload: JSON.parse(m.value?.toString() ?? 'null'),
});

/** The events of one key, first delivery of each eventId only. */
function eventsOf(c: Collector, key: string): Received[] {
  const seen = new Set<string>();
  return c.messages.map(receivedOf).filter((r) => r.key === key && !seen.has(r.eventId) && seen.add(r.eventId));
}

async function topicCreated(topic: string): Promise<Collector> {
  const admin = kafka.admin();
  await admin.connect();
  // listTopics never auto-creates a topic (a metadata request naming it could, with the broker's defaults).
  await waitFor(async () => (await admin.listTopics()).includes(topic), { timeoutMs: 60_000, description: `topic ${topic}` }).finally(() => admin.disconnect());
  const collector = await collect(kafka, topic);
  collectors.push(collector);
  return collector;
}

describe('domain events on Kafka', () => {
  it('delivers each committed command\'s events to its aggregate topic, keyed, with headers and JSON payloads', async () => {
    const customer = await api.send('register-customer', { name: 'Ada', email: uniqueEmail() });
    const product = await api.send('add-product', { sku: uniqueSku(), name: 'Lamp', category: 'home', priceCents: 500, stock: 2 });
    const order = await api.send('place-order', { customerId: customer.body.id, lines: [{ productId: product.body.id, quantity: 2 }] });
    const refused = await api.send('place-order', { customerId: customer.body.id, lines: [{ productId: product.body.id, quantity: 1 }] });
    const cancelled = await api.send('cancel-order', { orderId: order.body.id, reason: "it's late" });
    const changed = await api.send('change-customer-details', { customerId: customer.body.id, city: 'Paris' });
    expect([customer, product, order, refused, cancelled, changed].map((r) => r.status)).toEqual([201, 201, 201, 409, 200, 200]);

    const [orders, customers, products] = await Promise.all((['order', 'customer', 'product'] as const).map((a) => topicCreated(eventTopic(a))));
    await waitFor(
      async () => eventsOf(orders!, order.body.id).length >= 2 && eventsOf(customers!, customer.body.id).length >= 2 && eventsOf(products!, product.body.id).length >= 1,
      { timeoutMs: 60_000, description: 'the events of the test commands' },
    );

    const orderEvents = eventsOf(orders!, order.body.id);
    expect(orderEvents.map((e) => e.type)).toEqual(['OrderPlaced', 'OrderCancelled']);
    expect(orderEvents[1]?.payload).toEqual({ orderId: order.body.id, reason: "it's late", wasPaid: false });
    expect(orderEvents.map((e) => e.xid)).toEqual([order, cancelled].map((r) => String(decodePosition(r.body.position).xid)));
    // No OrderPlaced from the refused command anywhere on the topic for this customer.
    const placedFor = orders!.messages.map(receivedOf).filter((e) => e.type === 'OrderPlaced' && (e.payload as { customerId?: string }).customerId === customer.body.id);
    expect(new Set(placedFor.map((e) => e.eventId)).size).toBe(1);

    // JSON values (not strings) that satisfy the published schema, including a null.
    const customerEvents = eventsOf(customers!, customer.body.id);
    expect(customerEvents.map((e) => [e.type, e.payload])).toEqual([
      ['CustomerRegistered', { customerId: customer.body.id, name: 'Ada', email: expect.any(String), city: null, tier: 'standard' }],
      ['CustomerDetailsChanged', { customerId: customer.body.id, changed: { city: 'Paris' } }],
    ]);
    for (const e of [...orderEvents, ...customerEvents, ...eventsOf(products!, product.body.id)]) {
      expect(e.eventId).toMatch(/^[0-9a-f-]{36}$/);
      expect(e.schemaVersion).toBe(String(EVENTS[e.type as EventType].schemaVersion));
      expect(EVENTS[e.type as EventType].payload.safeParse(e.payload).success).toBe(true);
    }
  });
});
