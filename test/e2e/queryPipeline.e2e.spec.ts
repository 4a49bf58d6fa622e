// The query API through the whole pipeline: commands -> Postgres -> Debezium -> Kafka -> projector -> ES ->
// query API, with the progress tracker publishing what is covered. Every id is unique to this run.
import { randomBytes } from 'node:crypto';
import { uniqueEmail, uniqueSku, type Reply } from '../../testkit/commandApp.js';
import { startQueryPipeline, type QueryPipeline } from '../../testkit/queryPipeline.js';

let p: QueryPipeline;
const run = randomBytes(4).toString('hex');

beforeAll(async () => {
  p = await startQueryPipeline();
}, 180_000);
afterAll(async () => p?.close());

const ok = (reply: Reply, status = 200): Reply => {
  if (reply.status !== status) throw new Error(`expected ${status}, got ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply;
};
const send = async (name: string, body: unknown, status = 200) => ok(await p.commands.send(name, body), status).body as { id: string; position: string };
const customer = (name: string) => send('register-customer', { name, email: uniqueEmail(), city: `City-${run}`, tier: 'gold' }, 201);
const product = (category: string, priceCents: number) => send('add-product', { sku: uniqueSku(), name: `Gadget ${run}`, category, priceCents, stock: 100_000 }, 201);
const placeOrder = (customerId: string, lines: { productId: string; quantity: number }[]) => send('place-order', { customerId, lines }, 201);

describe('documents searchable after commands, with facets and report figures equal to Postgres', () => {
  it('orders by category with status facets, products facets, customer lifetime value, sales by category', async () => {
    const started = new Date();
    const [catA, catB] = [`a-${run}`, `b-${run}`];
    const c = await customer(`Query Tester ${run}`);
    const [pa, pb] = [await product(catA, 1_000), await product(catB, 250)];
    const orders = [];
    for (let i = 0; i < 6; i++) orders.push(await placeOrder(c.id, [{ productId: pa.id, quantity: 1 + i }, ...(i % 2 ? [{ productId: pb.id, quantity: 2 }] : [])]));
    const total = (i: number) => 1_000 * (1 + i) + (i % 2 ? 500 : 0);
    await send('pay-order', { orderId: orders[0]!.id, amountCents: total(0), method: 'card' });
    await send('pay-order', { orderId: orders[1]!.id, amountCents: total(1), method: 'card' });
    await send('ship-order', { orderId: orders[1]!.id, carrier: 'UPS', trackingNumber: run });
    const last = await send('cancel-order', { orderId: orders[2]!.id, reason: 'test' });
    const at = `minPosition=${last.position}`;

    const list = ok(await p.queries.get(`/orders?category=${catA}&size=100&${at}`)).body;
    expect(list.total).toBe(6);
    const { rows: statuses } = await p.harness.admin.query(
      `SELECT status, count(*)::int AS n FROM orders WHERE id IN (SELECT order_id FROM order_lines WHERE product_id = $1) GROUP BY status`, [pa.id]);
    expect(Object.fromEntries(list.facets.status.map((f: { value: string; count: number }) => [f.value, f.count]))).toEqual(Object.fromEntries(statuses.map((r) => [r.status, r.n])));
    expect(list.facets.category.map((f: { value: string }) => f.value).sort()).toEqual([catA, catB]);
    expect(list.freshness.lagMs).toBeGreaterThanOrEqual(0);

    const { rows: [ltv] } = await p.harness.admin.query(`SELECT sum(total_cents)::int AS v FROM orders WHERE customer_id = $1 AND status IN ('paid', 'shipped')`, [c.id]);
    const customers = ok(await p.queries.get(`/customers?q=${encodeURIComponent(`Tester ${run}`)}&${at}`)).body;
    expect(customers.items).toEqual([expect.objectContaining({ id: c.id, lifetimeValueCents: ltv.v, orderCount: 6 })]);
    const products = ok(await p.queries.get(`/products?category=${catB}&${at}`)).body;
    expect(products.facets.category).toEqual([{ value: catB, count: 1 }]);

    const from = new Date(Math.floor(started.getTime() / 3_600_000) * 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const sales = ok(await p.queries.get(`/reports/sales?from=${from}&to=${to}&interval=hour&groupBy=category&${at}`)).body;
    const groups = sales.buckets.flatMap((b: { groups: { key: string; orders: number; revenueCents: number }[] }) => b.groups).filter((g: { key: string }) => g.key === catA);
    const { rows: [expected] } = await p.harness.admin.query(
      `SELECT count(DISTINCT o.id)::int AS orders, coalesce(sum(l.quantity * l.unit_price_cents) FILTER (WHERE o.status IN ('paid','shipped')), 0)::int AS revenue
         FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE l.product_id = $1`, [pa.id]);
    expect(groups.reduce((s: number, g: { orders: number }) => s + g.orders, 0)).toBe(expected.orders);
    expect(groups.reduce((s: number, g: { revenueCents: number }) => s + g.revenueCents, 0)).toBe(expected.revenue);
  });
});

describe('read-your-writes', () => {
  it('every one of 40 concurrent clients sees its own order immediately, by id and in search', async () => {
    const pa = await product(`ryw-${run}`, 500);
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, async () => {
        const c = await customer(`Reader ${run}`);
        const placed = await placeOrder(c.id, [{ productId: pa.id, quantity: 1 }]);
        // The longest wait the API allows: 40 writers at once on a shared 2-core machine may take the pipeline past the
        // 5 s default, which is an honest 504, not a stale answer; what this test holds is that the answer is never old.
        const byId = await p.queries.get(`/orders/${placed.id}?minPosition=${placed.position}&waitMs=10000`);
        const search = await p.queries.get(`/orders?customerId=${c.id}&waitMs=10000`, { headers: { 'x-min-position': placed.position } });
        const mine = await p.queries.get(`/customers/${c.id}?minPosition=${placed.position}&waitMs=10000`);
        return byId.status === 200 && byId.body.id === placed.id && search.body.items?.some((o: { id: string }) => o.id === placed.id) && mine.body.orderCount === 1;
      }),
    );
    expect(outcomes.filter((seen) => !seen)).toHaveLength(0);
  });
});

describe('read-your-writes of an update', () => {
  it('a read with the position of a change never answers with the document as it was before', async () => {
    const pa = await product(`ryw-update-${run}`, 700);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const c = await customer(`Updater ${run}`);
        const placed = await placeOrder(c.id, [{ productId: pa.id, quantity: 2 }]);
        // Make sure the pending order is already searchable, so a premature answer would show it as pending.
        const first = await p.queries.get(`/orders/${placed.id}?minPosition=${placed.position}&waitMs=10000`);
        const paid = await send('pay-order', { orderId: placed.id, amountCents: 1_400, method: 'card' });
        const after = await p.queries.get(`/orders/${placed.id}?minPosition=${paid.position}&waitMs=10000`);
        const facet = await p.queries.get(`/orders?customerId=${c.id}&status=paid&waitMs=10000`, { headers: { 'x-min-position': paid.position } });
        return [first.body.status, after.body.status, facet.body.total];
      }),
    );
    expect(outcomes).toEqual(Array.from({ length: 20 }, () => ['pending', 'paid', 1]));
  });
});

describe('paging with the cursor while orders change', () => {
  it('returns every order that existed throughout exactly once', async () => {
    const c = await customer(`Pager ${run}`);
    const pa = await product(`page-${run}`, 300);
    const initial: string[] = [];
    let position = '';
    for (let i = 0; i < 45; i++) {
      const placed = await placeOrder(c.id, [{ productId: pa.id, quantity: 1 }]);
      initial.push(placed.id);
      position = placed.position;
    }
    ok(await p.queries.get(`/orders/${initial[44]}?minPosition=${position}`));
    const seen: string[] = [];
    let cursor: string | null = null;
    let page = 0;
    do {
      const reply: Reply = ok(await p.queries.get(`/orders?customerId=${c.id}&sort=placedAt:asc&size=7${cursor ? `&cursor=${cursor}` : ''}`));
      seen.push(...reply.body.items.map((o: { id: string }) => o.id));
      cursor = reply.body.cursor;
      // Change documents on both sides of the cursor, and wait until the changes are searchable, before the next page.
      const changed = await Promise.all([
        send('pay-order', { orderId: initial[page]!, amountCents: 300, method: 'card' }),
        send('cancel-order', { orderId: initial[44 - page]!, reason: 'paging test' }),
        placeOrder(c.id, [{ productId: pa.id, quantity: 2 }]),
      ]);
      for (const ch of changed) ok(await p.queries.get(`/orders/${ch.id}?minPosition=${ch.position}`));
      page++;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(initial.filter((id) => !seen.includes(id))).toEqual([]);
  });
});
