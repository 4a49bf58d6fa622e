// The workload's own model of the store: a pure fold of what the acknowledged (or resolved-as-committed) commands
// said, per aggregate in the order of the versions they produced. It is written from the commands' meaning, not
// from the projections' SQL, so it is a second, independent account of what Postgres and Elasticsearch must hold.
import type { Catalogue } from './commands.js';

/** What the fold needs of a ledger entry (an acknowledgement, or an unanswered command found committed). */
export interface Acknowledged {
  aggregate: string;
  id: string;
  version: number;
  effect: Effect;
}

export type OrderStatus = 'pending' | 'paid' | 'shipped' | 'cancelled';

export type Effect =
  | { kind: 'place'; customerId: string; lines: [string, number][] }
  | { kind: 'add-line'; productId: string; quantity: number }
  | { kind: 'remove-line'; productId: string }
  | { kind: 'status'; status: OrderStatus }
  | { kind: 'rename'; name: string };

export interface OrderModel {
  id: string;
  customerId: string;
  status: OrderStatus;
  lines: Map<string, number>;
  totalCents: number;
  version: number;
}

export interface CustomerModel {
  id: string;
  name: string;
  version: number;
  orderCount: number;
  lifetimeValueCents: number;
  unitsPurchased: number;
}

export interface ProductModel {
  id: string;
  name: string;
  version: number;
  stock: number;
  unitsSold: number;
  revenueCents: number;
}

export interface StoreModel {
  orders: Map<string, OrderModel>;
  customers: Map<string, CustomerModel>;
  products: Map<string, ProductModel>;
  /** Aggregates whose acknowledged versions do not run 1, 2, 3...: something changed them that the ledger does not know. */
  gaps: string[];
}

const revenue = (s: OrderStatus) => s === 'paid' || s === 'shipped';

/** Entries per aggregate id, in version order. */
function byAggregate(
  ledger: readonly Acknowledged[],
  aggregate: Acknowledged['aggregate'],
): Map<string, Acknowledged[]> {
  const out = new Map<string, Acknowledged[]>();
  for (const a of ledger.filter((x) => x.aggregate === aggregate))
    out.set(a.id, [...(out.get(a.id) ?? []), a]);
  for (const list of out.values()) list.sort((x, y) => x.version - y.version);
  return out;
}

export function foldModel(
  ledger: readonly Acknowledged[],
  catalogue: Catalogue,
  initialStock: number,
): StoreModel {
  const price = new Map(catalogue.products.map((p) => [p.id, p.price]));
  const gaps: string[] = [];
  const customers = new Map(
    catalogue.customers.map((c) => [
      c.id,
      { id: c.id, name: c.name, version: 1, orderCount: 0, lifetimeValueCents: 0, unitsPurchased: 0 },
    ]),
  );
  const products = new Map(
    catalogue.products.map((p) => [
      p.id,
      { id: p.id, name: p.name, version: 1, stock: initialStock, unitsSold: 0, revenueCents: 0 },
    ]),
  );
  // Every stock move bumps the product's version (stock belongs to the product aggregate).
  const move = (productId: string, delta: number) => {
    const p = products.get(productId);
    if (p) {
      p.stock += delta;
      p.version += 1;
    }
  };
  const orders = new Map<string, OrderModel>();
  for (const [id, entries] of byAggregate(ledger, 'orders')) {
    const order: OrderModel = {
      id,
      customerId: '',
      status: 'pending',
      lines: new Map(),
      totalCents: 0,
      version: 0,
    };
    for (const e of entries) {
      if (e.version !== order.version + 1)
        gaps.push(`orders/${id}: version ${e.version} after ${order.version}`);
      order.version = e.version;
      const f = e.effect;
      if (f.kind === 'place') {
        order.customerId = f.customerId;
        for (const [productId, qty] of f.lines) {
          order.lines.set(productId, qty);
          move(productId, -qty);
        }
      } else if (f.kind === 'add-line') {
        order.lines.set(f.productId, f.quantity);
        move(f.productId, -f.quantity);
      } else if (f.kind === 'remove-line') {
        move(f.productId, order.lines.get(f.productId) ?? 0);
        order.lines.delete(f.productId);
      } else if (f.kind === 'status') {
        if (f.status === 'cancelled') for (const [productId, qty] of order.lines) move(productId, qty);
        order.status = f.status;
      }
    }
    order.totalCents = [...order.lines].reduce(
      (sum, [productId, qty]) => sum + (price.get(productId) ?? 0) * qty,
      0,
    );
    orders.set(id, order);
  }
  for (const o of orders.values()) {
    const c = customers.get(o.customerId);
    if (c) c.orderCount += 1;
    if (!revenue(o.status)) continue;
    for (const [productId, qty] of o.lines) {
      const p = products.get(productId);
      if (p) {
        p.unitsSold += qty;
        p.revenueCents += qty * (price.get(productId) ?? 0);
      }
      if (c) c.unitsPurchased += qty;
    }
    if (c) c.lifetimeValueCents += o.totalCents;
  }
  const renames = (
    aggregate: 'customers' | 'products',
    target: Map<string, { name: string; version: number }>,
  ) => {
    for (const [id, entries] of byAggregate(ledger, aggregate)) {
      const t = target.get(id);
      if (!t) continue;
      for (const e of entries) if (e.effect.kind === 'rename') t.name = e.effect.name;
      // Customer versions move only by their own commands; products' also by stock moves, so only the count is checked.
      if (aggregate === 'customers') {
        entries.forEach((e, i) => {
          if (e.version !== i + 2) gaps.push(`customers/${id}: version ${e.version} at rename ${i + 1}`);
        });
        t.version = 1 + entries.length;
      } else t.version += entries.length;
    }
  };
  renames('customers', customers);
  renames('products', products);
  return { orders, customers, products, gaps };
}
