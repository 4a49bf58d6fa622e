// Work proportional to the change, on the real stack: a product in 3,000 earlier orders and a customer with 1,000.
// Commands go through the command API; an isolated projector routes them; the dirty topics say exactly which
// documents each command re-rendered. History is inserted with SQL (it is the setting, not the subject).
import { randomBytes } from 'node:crypto';
import { waitFor } from '../../lib/waitFor.js';
import { startCommandApp, uniqueEmail, uniqueSku, type CommandClient } from '../../testkit/commandApp.js';
import { startIsolatedProjector, type IsolatedProjector } from '../../testkit/isolatedProjector.js';
import { createPipelineProbe, type PipelineProbe } from '../../testkit/pipelineProbe.js';

const run = randomBytes(4).toString('hex');
const HISTORY = { withP: 3_000, ofC: 1_000, withQOnly: 500 };
let lp: IsolatedProjector;
let api: CommandClient;
let probe: PipelineProbe;
const ids = { c: '', d: '', p: '', q: '' };

async function send(name: string, body: unknown, status = 200): Promise<{ id: string }> {
  const reply = await api.send(name, body);
  if (reply.status !== status) throw new Error(`${name}: expected ${status}, got ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body as { id: string };
}

const ordersWith = async (sql: string, params: unknown[]): Promise<string[]> => (await lp.admin.query<{ id: string }>(sql, params)).rows.map((r) => r.id).sort();
const sorted = (keys: Set<string> | undefined) => [...(keys ?? [])].sort();

/** Runs `act`, waits until its events went through both stages, and returns the documents it dirtied. */
async function dirtiedBy(act: () => Promise<unknown>, events: Parameters<PipelineProbe['settle']>[1]) {
  const mark = await probe.mark();
  await act();
  await probe.settle(mark, events);
  return probe.dirtySince(mark);
}

beforeAll(async () => {
  lp = await startIsolatedProjector({ label: 'fan' });
  api = await startCommandApp();
  probe = await createPipelineProbe(lp.settings);
  ids.c = (await send('register-customer', { name: `Fan ${run} C`, email: uniqueEmail(), tier: 'standard' }, 201)).id;
  ids.d = (await send('register-customer', { name: `Fan ${run} D`, email: uniqueEmail() }, 201)).id;
  ids.p = (await send('add-product', { sku: uniqueSku(), name: `Bestseller ${run}`, category: 'fan', priceCents: 500, stock: 1_000_000 }, 201)).id;
  ids.q = (await send('add-product', { sku: uniqueSku(), name: `Other ${run}`, category: 'fan', priceCents: 700, stock: 1_000_000 }, 201)).id;
  const mark = await probe.mark();
  await lp.admin.query(
    `WITH o AS (INSERT INTO orders (id, customer_id, total_cents, note)
        SELECT gen_random_uuid(), CASE WHEN g <= $4 THEN $1::uuid ELSE $2::uuid END, 500, $5 FROM generate_series(1, $3::int) g RETURNING id)
     INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents) SELECT id, $6, 1, 500 FROM o`,
    [ids.c, ids.d, HISTORY.withP, HISTORY.ofC, run, ids.p],
  );
  await lp.admin.query(
    `WITH o AS (INSERT INTO orders (id, customer_id, total_cents, note) SELECT gen_random_uuid(), $1, 700, $3 FROM generate_series(1, $2::int) RETURNING id)
     INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents) SELECT id, $4, 1, 700 FROM o`,
    [ids.d, HISTORY.withQOnly, run, ids.q],
  );
  const orders = HISTORY.withP + HISTORY.withQOnly;
  await probe.settle(mark, { orders, order_lines: orders });
}, 300_000);

afterAll(async () => {
  await probe?.close();
  await api?.close();
  await lp?.admin.query('DELETE FROM orders WHERE note = $1', [run]).catch(() => undefined);
  await lp?.close();
});

describe('a command re-renders what it changed, not what the store remembers', () => {
  it('a restock of a product in 3,000 orders re-renders its product document and no order', async () => {
    const dirty = await dirtiedBy(() => send('restock-product', { productId: ids.p, quantity: 5 }), { products: 1 });
    expect(sorted(dirty['orders'])).toEqual([]);
    expect(sorted(dirty['customers'])).toEqual([]);
    expect(sorted(dirty['products'])).toEqual([ids.p]);
    const doc = await lp.es.get<{ stock: number }>({ index: `${lp.tag}-products`, id: ids.p });
    expect(doc._source?.stock).toBe(1_000_005);
  });

  it('placing an order re-renders exactly that order, its customer and its products', async () => {
    let order = '';
    const dirty = await dirtiedBy(async () => (order = (await send('place-order', { customerId: ids.c, lines: [{ productId: ids.p, quantity: 1 }, { productId: ids.q, quantity: 2 }] }, 201)).id), {
      orders: 1,
      order_lines: 2,
      products: 2,
    });
    expect(sorted(dirty['orders'])).toEqual([order]);
    expect(sorted(dirty['customers'])).toEqual([ids.c]);
    expect(sorted(dirty['products'])).toEqual([ids.p, ids.q].sort());
  });

  it('a product rename still reaches every order that shows it, and the new name is searchable in all of them', async () => {
    const name = `Renamed ${run}`;
    const dirty = await dirtiedBy(() => send('rename-product', { productId: ids.p, name }), { products: 1 });
    const withP = await ordersWith('SELECT order_id::text AS id FROM order_lines WHERE product_id = $1', [ids.p]);
    expect(withP.length).toBeGreaterThan(HISTORY.withP);
    expect(sorted(dirty['orders'])).toEqual(withP);
    expect(sorted(dirty['products'])).toEqual([ids.p]);
    const showing = async () => {
      await lp.es.indices.refresh({ index: `${lp.tag}-orders` });
      return (await lp.es.count({ index: `${lp.tag}-orders`, query: { nested: { path: 'lines', query: { match_phrase: { 'lines.name': name } } } } })).count;
    };
    await waitFor(async () => (await showing()) === withP.length, { timeoutMs: 60_000, description: `${withP.length} orders showing ${name}` });
  });

  it("a customer's tier change reaches all that customer's orders and nobody else's", async () => {
    const dirty = await dirtiedBy(() => send('change-customer-details', { customerId: ids.c, tier: 'gold' }), { customers: 1 });
    expect(sorted(dirty['orders'])).toEqual(await ordersWith('SELECT id::text FROM orders WHERE customer_id = $1', [ids.c]));
    expect(sorted(dirty['customers'])).toEqual([ids.c]);
    expect(sorted(dirty['products'])).toEqual([]);
  });

  it('a line moved to another order dirties both orders, both customers and the product', async () => {
    const [from] = await ordersWith('SELECT o.id::text FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.customer_id = $1 AND l.product_id = $2 AND o.note = $3 LIMIT 1', [ids.c, ids.p, run]);
    const [to] = await ordersWith('SELECT o.id::text FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE l.product_id = $1 AND o.note = $2 LIMIT 1', [ids.q, run]);
    const dirty = await dirtiedBy(() => lp.admin.query('UPDATE order_lines SET order_id = $2 WHERE order_id = $1 AND product_id = $3', [from, to, ids.p]), { order_lines: 1 });
    expect(sorted(dirty['orders'])).toEqual([from, to].sort());
    expect(sorted(dirty['customers'])).toEqual([ids.c, ids.d].sort());
    expect(sorted(dirty['products'])).toEqual([ids.p]);
  });
});
