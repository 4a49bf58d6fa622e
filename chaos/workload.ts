// The workload a fault runs under: a store's commands through the command API at a steady rate (orders placed,
// lines added and removed, paid, shipped, cancelled, customers and products renamed), and a ledger of every
// command the API acknowledged, with the aggregate it changed, the version it produced, its position and what it
// did (its effect: the workload's own model of the aggregate is the fold of these). Every request carries an
// Idempotency-Key, so a command that got no answer can be resolved afterwards (committed or not) from the key.
import { randomUUID } from 'node:crypto';
import { decodePosition } from '../lib/position.js';
import type { ProjectionName } from '../model/registry.js';
import type { Effect } from './model.js';
import { post, type Catalogue, type CommandClient, type Reply } from './commands.js';

export { INITIAL_STOCK, seedCatalogue, type Catalogue, type CommandClient } from './commands.js';

/** The command API's aggregates are the registered projections' roots, named alike. */
export type Aggregate = ProjectionName;

export interface Acknowledged {
  command: string;
  aggregate: Aggregate;
  id: string;
  version: number;
  /** The command transaction's id, from the position the answer carried (or the stored response). */
  xid: string;
  effect: Effect;
  key: string;
  sentAt: number;
  at: number;
}

/** Sent, but answered with neither an acknowledgement nor a refusal (a timeout, a reset, a 5xx): maybe committed. */
export interface Unanswered {
  command: string;
  aggregate: Aggregate;
  /** Unknown for a place-order: the stored response says which order it created, if it did. */
  id?: string;
  effect: Effect;
  key: string;
  sentAt: number;
  status: number;
}

export interface WorkloadFigures {
  sent: number;
  acknowledged: number;
  /** 4xx a healthy store also gives (a stale expected version, a rule): not failures. */
  refused: number;
  /** 503 and unanswered requests during an outage: allowed, never acknowledged. */
  unavailable: number;
  /** 500s: never allowed. */
  serverErrors: number;
}

interface Order {
  id: string;
  status: 'pending' | 'paid' | 'shipped' | 'cancelled';
  /** Quantity per product id; prices never change in this workload, so the total is known here. */
  lines: Map<string, number>;
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;

export function createWorkload(client: CommandClient, catalogue: Catalogue) {
  const ledger: Acknowledged[] = [];
  const unanswered: Unanswered[] = [];
  const orders: Order[] = [];
  const figures: WorkloadFigures = { sent: 0, acknowledged: 0, refused: 0, unavailable: 0, serverErrors: 0 };
  const serverErrors: string[] = [];

  type Target = { aggregate: Aggregate; id?: string; effect: Effect };
  const send = async (command: string, target: Target, body: unknown, onAck?: (reply: Reply['body']) => void): Promise<void> => {
    figures.sent++;
    const key = randomUUID();
    const sentAt = Date.now();
    const reply = await post(client, command, body, key);
    if (reply.status === 200 || reply.status === 201) {
      const { id, version, position } = reply.body;
      if (!id || version === undefined || !position) throw new Error(`${command} acknowledged without id, version and position`);
      figures.acknowledged++;
      ledger.push({ command, aggregate: target.aggregate, id, version, xid: decodePosition(position).xid.toString(), effect: target.effect, key, sentAt, at: Date.now() });
      onAck?.(reply.body);
      return;
    }
    if (reply.status >= 400 && reply.status < 500) {
      figures.refused++;
      return;
    }
    unanswered.push({ command, ...target, key, sentAt, status: reply.status });
    if (reply.status >= 500 && reply.status !== 503) {
      figures.serverErrors++;
      serverErrors.push(`${command} -> ${reply.status} ${JSON.stringify(reply.body)}`);
    } else figures.unavailable++;
  };

  const price = new Map(catalogue.products.map((p) => [p.id, p.price]));
  const total = (o: Order) => [...o.lines].reduce((sum, [id, qty]) => sum + (price.get(id) ?? 0) * qty, 0);
  const placeOrder = () => {
    const lines = new Map([pick(catalogue.products), pick(catalogue.products)].map((p) => [p.id, 1 + Math.floor(Math.random() * 3)]));
    const customerId = pick(catalogue.customers).id;
    const body = { customerId, lines: [...lines].map(([productId, quantity]) => ({ productId, quantity })) };
    return send('place-order', { aggregate: 'orders', effect: { kind: 'place', customerId, lines: [...lines] } }, body, (r) => {
      if (r.id) orders.push({ id: r.id, status: 'pending', lines });
    });
  };
  const inState = (status: Order['status']) => orders.filter((o) => o.status === status);
  const next = (): Promise<void> => {
    const roll = Math.random() * 100;
    const pending = inState('pending');
    const paid = inState('paid');
    if (roll < 40 || pending.length === 0) return placeOrder();
    const o = pick(pending);
    if (roll < 50) {
      const product = catalogue.products.find((p) => !o.lines.has(p.id));
      if (product) return send('add-order-line', { aggregate: 'orders', id: o.id, effect: { kind: 'add-line', productId: product.id, quantity: 1 } }, { orderId: o.id, productId: product.id, quantity: 1 }, () => void o.lines.set(product.id, 1));
    }
    if (roll < 55 && o.lines.size > 1) {
      const productId = [...o.lines.keys()][0] as string;
      return send('remove-order-line', { aggregate: 'orders', id: o.id, effect: { kind: 'remove-line', productId } }, { orderId: o.id, productId }, () => void o.lines.delete(productId));
    }
    if (roll < 72) return send('pay-order', { aggregate: 'orders', id: o.id, effect: { kind: 'status', status: 'paid' } }, { orderId: o.id, amountCents: total(o), method: 'card' }, () => void (o.status = 'paid'));
    if (roll < 84 && paid.length > 0) {
      const p = pick(paid);
      return send('ship-order', { aggregate: 'orders', id: p.id, effect: { kind: 'status', status: 'shipped' } }, { orderId: p.id, carrier: 'ups', trackingNumber: `T${Date.now()}` }, () => void (p.status = 'shipped'));
    }
    if (roll < 90) {
      const c = pick([...pending, ...paid]);
      return send('cancel-order', { aggregate: 'orders', id: c.id, effect: { kind: 'status', status: 'cancelled' } }, { orderId: c.id, reason: 'chaos' }, () => void (c.status = 'cancelled'));
    }
    const name = `Renamed ${randomUUID().slice(0, 8)}`;
    if (roll < 95) {
      const customerId = pick(catalogue.customers).id;
      return send('change-customer-details', { aggregate: 'customers', id: customerId, effect: { kind: 'rename', name } }, { customerId, name });
    }
    const productId = pick(catalogue.products).id;
    return send('rename-product', { aggregate: 'products', id: productId, effect: { kind: 'rename', name } }, { productId, name });
  };

  /** Sends commands at `perSecond` until stopped (open loop, at most 64 in flight). */
  function run(perSecond: number): { stop: () => Promise<void> } {
    let running = true;
    const inFlight = new Set<Promise<void>>();
    const loop = (async () => {
      const t0 = performance.now();
      for (let i = 0; running; i++) {
        const wait = t0 + (i * 1000) / perSecond - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        if (inFlight.size >= 64) await Promise.race(inFlight);
        const one: Promise<void> = next().finally(() => inFlight.delete(one));
        inFlight.add(one);
      }
      await Promise.all(inFlight);
    })();
    return {
      stop: async () => {
        running = false;
        await loop;
      },
    };
  }

  return { run, ledger, unanswered, figures, serverErrors };
}
