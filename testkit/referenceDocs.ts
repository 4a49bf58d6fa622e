// The reference documents of orders, customers and products computed a second way, on purpose apart from the
// projection code: plain SELECTs of the normalized rows, written by hand here, and the documents assembled in
// TypeScript from what docs/http-api.md says they hold. Nothing here reads model/projections (no hydrationSql, no
// render rules), so a bug in the projection's SQL shows up as a difference instead of being checked against itself.
// Shaped like verify's ExpectedDocuments: `verifyProjection({ ..., expected: expectedDocuments })` checks a whole
// alias against this path inside verify's own snapshot; the fault suite's oracle calls it directly with a pool.
import type { Doc } from '../model/bulk/bulkPlan.js';

type Row = Record<string, unknown>;
/** A pg.Pool, a client, or a session inside verify's snapshot. */
export interface Queryable {
  query<R extends object = Row>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[] }>;
}

/** Timestamps leave Postgres as microseconds since the epoch; documents carry them to the millisecond, in UTC. */
const US = (column: string): string => `(extract(epoch FROM ${column}) * 1000000)::bigint::text`;
const iso = (us: unknown): string | undefined =>
  typeof us === 'string' || typeof us === 'bigint' ? new Date(Number(BigInt(us) / 1000n)).toISOString() : undefined;
const num = (v: unknown): number => Number(v);
const revenue = (status: unknown): boolean => status === 'paid' || status === 'shipped';

/** Drops undefined and null members: a document leaves out what it does not have. */
const present = (o: Record<string, unknown>): Doc => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as Doc;

function groupBy(rows: Row[], key: string): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const row of rows) {
    const k = String(row[key]);
    out.set(k, [...(out.get(k) ?? []), row]);
  }
  return out;
}

async function orderDocs(db: Queryable, ids: readonly string[]): Promise<Map<string, Doc>> {
  const orders = (await db.query(`SELECT id::text, customer_id::text, status, total_cents::text, note, cancel_reason, version, ${US('placed_at')} AS placed, ${US('paid_at')} AS paid, ${US('shipped_at')} AS shipped, ${US('cancelled_at')} AS cancelled FROM orders WHERE id = ANY($1::uuid[])`, [ids])).rows;
  const customers = groupBy((await db.query('SELECT id::text, name, email, city, tier FROM customers WHERE id IN (SELECT customer_id FROM orders WHERE id = ANY($1::uuid[]))', [ids])).rows, 'id');
  const lines = groupBy((await db.query('SELECT l.order_id::text, l.product_id::text, l.quantity, l.unit_price_cents::text, p.sku, p.name, p.category FROM order_lines l JOIN products p ON p.id = l.product_id WHERE l.order_id = ANY($1::uuid[])', [ids])).rows, 'order_id');
  const payments = groupBy((await db.query(`SELECT id::text, order_id::text, amount_cents::text, method, ${US('paid_at')} AS paid FROM payments WHERE order_id = ANY($1::uuid[])`, [ids])).rows, 'order_id');
  const shipments = groupBy((await db.query(`SELECT id::text, order_id::text, carrier, tracking_number, ${US('shipped_at')} AS shipped FROM shipments WHERE order_id = ANY($1::uuid[])`, [ids])).rows, 'order_id');
  const docs = new Map<string, Doc>();
  for (const o of orders) {
    const id = String(o['id']);
    const c = customers.get(String(o['customer_id']))?.[0];
    const ls = [...(lines.get(id) ?? [])].sort((a, b) => (String(a['product_id']) < String(b['product_id']) ? -1 : 1));
    const pay = payments.get(id)?.[0];
    const ship = shipments.get(id)?.[0];
    docs.set(id, present({
      id, status: o['status'], version: o['version'], totalCents: num(o['total_cents']), note: o['note'], cancelReason: o['cancel_reason'],
      placedAt: iso(o['placed']), paidAt: iso(o['paid']), shippedAt: iso(o['shipped']), cancelledAt: iso(o['cancelled']),
      customer: c && present({ id: c['id'], name: c['name'], email: c['email'], city: c['city'], tier: c['tier'] }),
      lines: ls.map((l) => present({ productId: l['product_id'], sku: l['sku'], name: l['name'], category: l['category'], quantity: l['quantity'], unitPriceCents: num(l['unit_price_cents']), lineTotalCents: num(l['quantity']) * num(l['unit_price_cents']) })),
      itemCount: ls.reduce((sum, l) => sum + num(l['quantity']), 0),
      categories: [...new Set(ls.map((l) => String(l['category'])))].sort(),
      payment: pay && present({ id: pay['id'], amountCents: num(pay['amount_cents']), method: pay['method'], paidAt: iso(pay['paid']) }),
      shipment: ship && present({ id: ship['id'], carrier: ship['carrier'], trackingNumber: ship['tracking_number'], shippedAt: iso(ship['shipped']) }),
    }));
  }
  return docs;
}

async function customerDocs(db: Queryable, ids: readonly string[]): Promise<Map<string, Doc>> {
  const customers = (await db.query('SELECT id::text, name, email, city, tier, version FROM customers WHERE id = ANY($1::uuid[])', [ids])).rows;
  const orders = groupBy((await db.query(`SELECT id::text, customer_id::text, status, total_cents::text, ${US('placed_at')} AS placed FROM orders WHERE customer_id = ANY($1::uuid[])`, [ids])).rows, 'customer_id');
  const units = new Map((await db.query<{ order_id: string; units: string }>('SELECT l.order_id::text, sum(l.quantity)::text AS units FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.customer_id = ANY($1::uuid[]) GROUP BY l.order_id', [ids])).rows.map((r) => [r.order_id, num(r.units)]));
  const docs = new Map<string, Doc>();
  for (const c of customers) {
    const id = String(c['id']);
    const os = orders.get(id) ?? [];
    const paid = os.filter((o) => revenue(o['status']));
    const last = os.map((o) => BigInt(String(o['placed']))).reduce<bigint | undefined>((max, t) => (max === undefined || t > max ? t : max), undefined);
    docs.set(id, present({
      id, name: c['name'], email: c['email'], city: c['city'], tier: c['tier'], version: c['version'],
      orderCount: os.length,
      lifetimeValueCents: paid.reduce((sum, o) => sum + num(o['total_cents']), 0),
      unitsPurchased: paid.reduce((sum, o) => sum + (units.get(String(o['id'])) ?? 0), 0),
      lastOrderAt: last === undefined ? undefined : iso(last),
    }));
  }
  return docs;
}

async function productDocs(db: Queryable, ids: readonly string[]): Promise<Map<string, Doc>> {
  const products = (await db.query('SELECT id::text, sku, name, category, price_cents::text, stock, version FROM products WHERE id = ANY($1::uuid[])', [ids])).rows;
  const sales = groupBy((await db.query('SELECT l.product_id::text, l.quantity, l.unit_price_cents::text, o.status FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.product_id = ANY($1::uuid[])', [ids])).rows, 'product_id');
  const docs = new Map<string, Doc>();
  for (const p of products) {
    const id = String(p['id']);
    const sold = (sales.get(id) ?? []).filter((l) => revenue(l['status']));
    docs.set(id, present({
      id, sku: p['sku'], name: p['name'], category: p['category'], priceCents: num(p['price_cents']), stock: p['stock'], version: p['version'],
      unitsSold: sold.reduce((sum, l) => sum + num(l['quantity']), 0),
      revenueCents: sold.reduce((sum, l) => sum + num(l['quantity']) * num(l['unit_price_cents']), 0),
    }));
  }
  return docs;
}

const builders: Record<string, (db: Queryable, ids: readonly string[]) => Promise<Map<string, Doc>>> = { orders: orderDocs, customers: customerDocs, products: productDocs };

/** The projections this path knows: the three reference ones. */
export const referenceProjections = Object.keys(builders);

/**
 * The expected documents of `ids` (absent roots have no entry), computed apart from the projection code. `projection`
 * is a projection or its name; only orders, customers and products are known.
 */
export async function expectedDocuments(db: Queryable, projection: { name: string } | string, ids: readonly string[]): Promise<Map<string, Doc>> {
  const name = typeof projection === 'string' ? projection : projection.name;
  const build = builders[name];
  if (!build) throw new Error(`no reference documents for projection ${name}: known are ${referenceProjections.join(', ')}`);
  return ids.length === 0 ? new Map() : build(db, ids);
}
