// The order timeline routes against real Elasticsearch: a scratch `order_timeline` index with the projector's
// mapping, filled with timelines derived by the projector's own fold, read through the query API: filters, facets,
// sorting by placed-to-shipped time, get by id, and 400s naming the field, including a malformed position token.
import { randomBytes, randomUUID } from 'node:crypto';
import { startQueryApp, type QueryClient } from '../../testkit/queryApp.js';
import { dropOrderTimelines, seedOrderTimelines, timelineEvent as ev } from '../../testkit/timelineFixtures.js';

const prefix = `qt${randomBytes(4).toString('hex')}-`;
const customerId = randomUUID();
const named = {
  fast: [ev('OrderPlaced', 0, { customerId, totalCents: 100 }), ev('OrderPaid', 1), ev('OrderShipped', 30)],
  slow: [ev('OrderPlaced', 0, { customerId, totalCents: 200 }), ev('OrderPaid', 2), ev('OrderShipped', 50)],
  refunded: [ev('OrderPlaced', 0, { customerId, totalCents: 300 }), ev('OrderPaid', 3), ev('OrderCancelled', 9, { reason: 'late', wasPaid: true })],
  dropped: [ev('OrderPlaced', 0, { customerId: randomUUID(), totalCents: 400 }), ev('OrderCancelled', 5, { reason: 'no', wasPaid: false })],
};
const ids: Record<string, string> = {};
const idOf = (name: keyof typeof named) => ids[name]!;
let api: QueryClient;

beforeAll(async () => {
  const docs = await seedOrderTimelines(prefix, Object.values(named));
  Object.keys(named).forEach((name, i) => (ids[name] = docs[i]!.orderId));
  api = await startQueryApp(prefix);
});

afterAll(async () => {
  await api?.close();
  await dropOrderTimelines(prefix);
});

const idsOf = (body: unknown) => (body as { items: Array<{ orderId: string }> }).items.map((i) => i.orderId);

describe('GET /order-timelines', () => {
  it('finds the orders cancelled after payment', async () => {
    const res = await api.get('/order-timelines?cancelledAfterPayment=true');
    expect(res.status).toBe(200);
    expect(idsOf(res.body)).toEqual([idOf('refunded')]);
  });

  it('filters a customer\'s shipped orders and sorts them by placed-to-shipped time, with status facets', async () => {
    const res = await api.get(`/order-timelines?customerId=${customerId}&eventType=OrderShipped&sort=placedToShippedMs:desc`);
    expect(idsOf(res.body)).toEqual([idOf('slow'), idOf('fast')]);
    const all = await api.get(`/order-timelines?customerId=${customerId}`);
    expect((all.body as { facets: { status: unknown[] } }).facets.status).toEqual(expect.arrayContaining([{ value: 'shipped', count: 2 }, { value: 'cancelled', count: 1 }]));
    const quick = await api.get(`/order-timelines?maxPlacedToShippedMs=${40 * 60_000}`);
    expect(idsOf(quick.body)).toEqual([idOf('fast')]);
  });

  it('answers one order\'s timeline by id, its events in order', async () => {
    const res = await api.get(`/order-timelines/${idOf('refunded')}`);
    expect(res.status).toBe(200);
    expect((res.body as { events: Array<{ type: string }> }).events.map((e) => e.type)).toEqual(['OrderPlaced', 'OrderPaid', 'OrderCancelled']);
    expect((await api.get(`/order-timelines/${randomUUID()}`)).status).toBe(404);
  });

  it('refuses bad input with a 400 naming the field, a malformed position token included', async () => {
    for (const [path, field] of [['/order-timelines?status=lost', 'status'], ['/order-timelines?script=x', 'script'], ['/order-timelines?minPlacedToShippedMs=-1', 'minPlacedToShippedMs'], ['/order-timelines?minPosition=not-a-token', 'minPosition'], ['/order-timelines?waitMs=99999', 'waitMs']] as const) {
      const res = await api.get(path);
      expect({ path, status: res.status, fields: JSON.stringify(res.body) }).toMatchObject({ path, status: 400, fields: expect.stringContaining(field) });
    }
    const header = await api.get('/order-timelines', { headers: { 'x-min-position': 'not-a-token' } });
    expect(header.status).toBe(400);
  });
});
