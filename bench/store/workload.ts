// A mixed command workload as a store sees it: mostly place-order (1-3 lines, products by popularity, any
// customer), then pay, ship and cancel of orders placed earlier in the run, restocks, customer detail changes and
// the odd rename. The same (command, body) pairs drive the command API over HTTP and, for the ceiling, the very
// same transactions straight through the Postgres command runner.
import { decodePosition } from '../../lib/position.js';
import type { Store } from './history.js';
import { driveAtRate, loadClient } from '../measure/load.js';

export type CommandName = 'place-order' | 'pay-order' | 'ship-order' | 'cancel-order' | 'restock-product' | 'change-customer-details' | 'rename-product';

export interface Command {
  name: CommandName;
  body: Record<string, unknown>;
  /** Called with the reply of an accepted command, to feed later commands (an order to pay, to ship). */
  accepted?: (id: string) => void;
}

export interface Issued {
  name: CommandName;
  status: number;
  /** The command transaction's 32-bit xid, as Debezium reports it in `source.txId`. */
  txId: number | null;
  id: string | null;
  sentAt: number;
  answeredAt: number;
}

const MIX: ReadonlyArray<[CommandName, number]> = [
  ['place-order', 70], ['pay-order', 12], ['ship-order', 8], ['cancel-order', 3], ['restock-product', 4], ['change-customer-details', 2.5], ['rename-product', 0.5],
];
const TOTAL = MIX.reduce((s, [, w]) => s + w, 0);
const TIERS = ['standard', 'gold', 'platinum'] as const;

/** Rank k (0-based) with probability about 1/(k+1): the bestseller first, a long tail. */
export const popular = (n: number, random = Math.random): number => Math.min(n, Math.floor(Math.exp(random() * Math.log(n + 1)))) - 1;

export function createWorkload(store: Store, random = Math.random) {
  const pending: Array<{ id: string; total: number }> = [];
  const paid: string[] = [];
  let serial = 0;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const take = <T>(list: T[]): T | undefined => (list.length ? list.splice(Math.floor(random() * list.length), 1)[0] : undefined);

  function placeOrder(productIndex?: number, customerId?: string): Command {
    const ranks = new Set<number>(productIndex === undefined ? Array.from({ length: 1 + Math.floor(random() * 3) }, () => popular(store.products.length, random)) : [productIndex]);
    const lines = [...ranks].map((r) => ({ productId: store.products[r] ?? store.rareProduct, quantity: 1 + Math.floor(random() * 3) }));
    const total = lines.reduce((s, l) => s + l.quantity * 100, 0);
    return { name: 'place-order', body: { customerId: customerId ?? pick(store.customers), lines }, accepted: (id) => void pending.push({ id, total }) };
  }

  function next(): Command {
    let r = random() * TOTAL;
    const name = MIX.find(([, w]) => (r -= w) < 0)?.[0] ?? 'place-order';
    switch (name) {
      case 'pay-order': {
        const order = take(pending);
        return order ? { name, body: { orderId: order.id, amountCents: order.total, method: 'card' }, accepted: () => void paid.push(order.id) } : placeOrder();
      }
      case 'ship-order': {
        const order = take(paid);
        return order ? { name, body: { orderId: order, carrier: 'UPS', trackingNumber: `T${++serial}` } } : placeOrder();
      }
      case 'cancel-order': {
        const order = take(pending);
        return order ? { name, body: { orderId: order.id, reason: 'changed mind' } } : placeOrder();
      }
      case 'restock-product':
        return { name, body: { productId: store.products[popular(store.products.length, random)], quantity: 10 } };
      case 'change-customer-details':
        return { name, body: { customerId: pick(store.customers), tier: pick(TIERS) } };
      case 'rename-product':
        return { name, body: { productId: pick(store.products), name: `Store product renamed ${++serial}` } };
      default:
        return placeOrder();
    }
  }

  return { next, placeOrder };
}

export const txIdOf = (position: unknown): number | null => (typeof position === 'string' ? Number(decodePosition(position).xid & 0xffffffffn) : null);

/** Sends commands over HTTP at `perSecond` (open loop: the schedule does not wait for answers) for `durationMs`. */
export async function drive(url: string, key: string, source: () => Command, perSecond: number, durationMs: number): Promise<Issued[]> {
  const client = loadClient('http', 512);
  try {
    const sent = await driveAtRate({
      request: client.request,
      next: () => {
        const command = source();
        return { item: command, url: `${url}/commands/${command.name}`, body: JSON.stringify(command.body) };
      },
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      perSecond,
      durationMs,
      onReply: ({ item, status, body }) => {
        const id = replyOf(status, body).id;
        if (id) item.accepted?.(id);
      },
    });
    return sent.map(({ item, status, body, sentAt, answeredAt }) => {
      const reply = replyOf(status, body);
      return { name: item.name, status, txId: reply.ok ? txIdOf(reply.position) : null, id: reply.id ?? null, sentAt, answeredAt };
    });
  } finally {
    client.close();
  }
}

function replyOf(status: number, body: string): { ok: boolean; id?: string; position?: string } {
  if (status < 200 || status >= 300) return { ok: false };
  try {
    const parsed = JSON.parse(body) as { id?: string; position?: string };
    return { ok: Boolean(parsed.id), ...parsed };
  } catch {
    return { ok: false };
  }
}
