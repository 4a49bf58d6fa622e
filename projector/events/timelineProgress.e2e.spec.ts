// Read-your-writes on the event-built order timeline, end to end: an isolated projector with its event stage, the
// progress tracker following it through the outbox connector (progress/eventTracker.ts), the command API and the
// query API over the projector's aliases. Read right after a command with the command's position, GET
// /order-timelines/{id} and the list answer with the command's events folded in; with the tracker stopped, the
// same kind of read waits and times out (504), so the answer came from the wait and not from luck.
import { connectRestFrom } from '../../connectors/rest.js';
import { waitFor } from '../../lib/waitFor.js';
import { ORDER_TIMELINE } from '../../model/projections/timeline/timeline.js';
import { startCommandApp, seed, type CommandClient } from '../../testkit/commandApp.js';
import { startIsolatedProjector, type IsolatedProjector } from '../../testkit/isolatedProjector.js';
import { startQueryApp, type QueryClient } from '../../testkit/queryApp.js';
import { createProgressTrackerFor } from '../assembly/progressTracker.js';
import type { ProgressTracker } from '../progress/tracker.js';

let harness: IsolatedProjector;
let tracker: ProgressTracker;
let api: CommandClient;
let queries: QueryClient;

beforeAll(async () => {
  harness = await startIsolatedProjector({ label: 'tp', start: false });
  const { refreshed } = await harness.start({ timeline: true });
  tracker = createProgressTrackerFor({ settings: harness.settings, connect: connectRestFrom(process.env), ...(refreshed ? { refreshed } : {}), eventBuilt: true });
  tracker.start();
  api = await startCommandApp();
  queries = await startQueryApp(harness.settings.indexPrefix);
  await waitFor(() => queries.store.progress(ORDER_TIMELINE.name), { timeoutMs: 170_000, intervalMs: 500, description: 'progress published for order_timeline' });
}, 200_000);

afterAll(async () => {
  await queries?.close();
  await api?.close();
  await tracker?.stop();
  await harness?.close();
});

type Timeline = { orderId: string; status: string; events: Array<{ type: string; xid: string }> };

describe('read-your-writes on the order timeline', () => {
  it('a read with the position of a command answers with its events folded in, by id, in a list and by header', async () => {
    const { customerId, productIds } = await seed(api, [40]);
    const placed = await api.send('place-order', { customerId, lines: [{ productId: productIds[0]!, quantity: 1 }] });
    expect(placed.status).toBe(201);
    const id = placed.body.id as string;
    // The longest wait the API takes: the outbox connector's heartbeat alone moves its offset once a second, and this
    // machine runs the whole stack.
    const got = await queries.get(`/order-timelines/${id}?minPosition=${placed.body.position as string}&waitMs=10000`);
    expect({ status: got.status, progress: got.status === 200 ? 'ok' : await queries.store.progress(ORDER_TIMELINE.name) }).toEqual({ status: 200, progress: 'ok' });
    expect((got.body as Timeline).events.map((e) => e.type)).toEqual(['OrderPlaced']);

    const paid = await api.send('pay-order', { orderId: id, amountCents: 1250, method: 'card' });
    expect(paid.status).toBe(200);
    const list = await queries.get(`/order-timelines?customerId=${customerId}&minPosition=${paid.body.position as string}&waitMs=10000`);
    expect(list.status).toBe(200);
    expect((list.body as { items: Timeline[] }).items.map((t) => [t.orderId, t.status])).toEqual([[id, 'paid']]);

    const shipped = await api.send('ship-order', { orderId: id, carrier: 'dhl', trackingNumber: 'T9' });
    const byHeader = await queries.get(`/order-timelines/${id}?waitMs=10000`, { headers: { 'x-min-position': shipped.body.position as string } });
    expect((byHeader.body as Timeline).status).toBe('shipped');
  }, 60_000);

  it('without the tracker publishing, a read with a newer position waits for it and times out with 504', async () => {
    await tracker.stop();
    const { customerId, productIds } = await seed(api, [30]);
    const placed = await api.send('place-order', { customerId, lines: [{ productId: productIds[0]!, quantity: 1 }] });
    const res = await queries.get(`/order-timelines/${placed.body.id as string}?minPosition=${placed.body.position as string}&waitMs=500`);
    expect(res.status).toBe(504);
    expect(JSON.stringify(res.body)).toContain('order_timeline');
  }, 60_000);
});
