// The workload a fault runs under: a store's commands through the command API at a steady rate (orders placed,
// lines added and removed, paid, shipped, cancelled, customers and products renamed), and a ledger of every
// command the API acknowledged, with the aggregate it changed, the version it produced and its position. The
// ledger is what "nothing acknowledged is lost" is checked against.
import { randomUUID } from 'node:crypto';
import type { ProjectionName } from '../model/registry.js';

/** The command API's aggregates are the registered projections' roots, named alike. */
export type Aggregate = ProjectionName;

export interface Acknowledged {
  command: string;
  aggregate: Aggregate;
  id: string;
  version: number;
  position: string;
  at: number;
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

interface Catalogue {
  customers: string[];
  products: { id: string; price: number }[];
}

export interface CommandClient {
  url: string;
  key: string;
}

type Reply = { status: number; body: { id?: string; version?: number; position?: string; totalCents?: number } };

async function post(client: CommandClient, command: string, body: unknown, timeoutMs = 30_000): Promise<Reply> {
  try {
    const res = await fetch(`${client.url}/commands/${command}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${client.key}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Reply['body'] };
  } catch {
    return { status: 0, body: {} };
  }
}

/** A few customers and products to trade with, created through the API (retried until the API answers). */
export async function seedCatalogue(client: CommandClient, tag: string, customers = 20, products = 30): Promise<Catalogue> {
  const must = async (command: string, body: unknown): Promise<string> => {
    for (let attempt = 0; attempt < 60; attempt++) {
      const reply = await post(client, command, body);
      if (reply.status === 201 && reply.body.id) return reply.body.id;
      if (reply.status >= 400 && reply.status < 500) throw new Error(`${command} refused: ${reply.status} ${JSON.stringify(reply.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error(`${command}: the command API did not answer`);
  };
  const c = await Promise.all(Array.from({ length: customers }, (_, i) => must('register-customer', { name: `Chaos ${tag} ${i}`, email: `chaos-${tag}-${i}@example.com`, city: 'Lyon' })));
  const p = await Promise.all(
    Array.from({ length: products }, async (_, i) => ({
      id: await must('add-product', { sku: `CHAOS-${tag}-${i}`, name: `Chaos product ${i}`, category: `cat-${i % 4}`, priceCents: 100 + i, stock: 1_000_000 }),
      price: 100 + i,
    })),
  );
  return { customers: c, products: p };
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;

export function createWorkload(client: CommandClient, catalogue: Catalogue) {
  const ledger: Acknowledged[] = [];
  const orders: Order[] = [];
  const figures: WorkloadFigures = { sent: 0, acknowledged: 0, refused: 0, unavailable: 0, serverErrors: 0 };
  const serverErrors: string[] = [];

  const send = async (command: string, aggregate: Aggregate, body: unknown, onAck?: (reply: Reply['body']) => void): Promise<void> => {
    figures.sent++;
    const reply = await post(client, command, body);
    if (reply.status === 200 || reply.status === 201) {
      const { id, version, position } = reply.body;
      if (!id || version === undefined || !position) throw new Error(`${command} acknowledged without id, version and position`);
      figures.acknowledged++;
      ledger.push({ command, aggregate, id, version, position, at: Date.now() });
      onAck?.(reply.body);
    } else if (reply.status >= 500 && reply.status !== 503) {
      figures.serverErrors++;
      serverErrors.push(`${command} -> ${reply.status} ${JSON.stringify(reply.body)}`);
    } else if (reply.status === 0 || reply.status === 503) figures.unavailable++;
    else figures.refused++;
  };

  const price = new Map(catalogue.products.map((p) => [p.id, p.price]));
  const total = (o: Order) => [...o.lines].reduce((sum, [id, qty]) => sum + (price.get(id) ?? 0) * qty, 0);
  const placeOrder = () => {
    const lines = new Map([pick(catalogue.products), pick(catalogue.products)].map((p) => [p.id, 1 + Math.floor(Math.random() * 3)]));
    const body = { customerId: pick(catalogue.customers), lines: [...lines].map(([productId, quantity]) => ({ productId, quantity })) };
    return send('place-order', 'orders', body, (r) => {
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
      if (product) return send('add-order-line', 'orders', { orderId: o.id, productId: product.id, quantity: 1 }, () => void o.lines.set(product.id, 1));
    }
    if (roll < 55 && o.lines.size > 1) {
      const productId = [...o.lines.keys()][0] as string;
      return send('remove-order-line', 'orders', { orderId: o.id, productId }, () => void o.lines.delete(productId));
    }
    if (roll < 72) return send('pay-order', 'orders', { orderId: o.id, amountCents: total(o), method: 'card' }, () => void (o.status = 'paid'));
    if (roll < 84 && paid.length > 0) {
      const p = pick(paid);
      return send('ship-order', 'orders', { orderId: p.id, carrier: 'ups', trackingNumber: `T${Date.now()}` }, () => void (p.status = 'shipped'));
    }
    if (roll < 90) {
      const c = pick([...pending, ...paid]);
      return send('cancel-order', 'orders', { orderId: c.id, reason: 'chaos' }, () => void (c.status = 'cancelled'));
    }
    if (roll < 95) return send('change-customer-details', 'customers', { customerId: pick(catalogue.customers), name: `Renamed ${randomUUID().slice(0, 8)}` });
    return send('rename-product', 'products', { productId: pick(catalogue.products).id, name: `Renamed ${randomUUID().slice(0, 8)}` });
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

  return { run, ledger, figures, serverErrors };
}
