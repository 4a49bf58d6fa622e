import fc from 'fast-check';
import type { RowChange } from '../../model/change/change.js';
import { projections } from '../../model/registry.js';
import { createMemoryLookup } from '../../testkit/memoryLookup.js';
import { insert, remove, update } from '../../testkit/projectionSpec.js';
import { markDirty } from './markDirty.js';

const order = (id: string, customerId: string, status = 'pending') => ({ id, customer_id: customerId, status, total_cents: 1, placed_at: 'x', version: 1 });
const line = (orderId: string, productId: string) => ({ order_id: orderId, product_id: productId, quantity: 1, unit_price_cents: 1 });
const rows = {
  customers: [{ id: 'c1' }, { id: 'c2' }],
  products: [{ id: 'p1' }, { id: 'p2' }],
  orders: [order('o1', 'c1'), order('o2', 'c2')],
  order_lines: [line('o1', 'p1'), line('o2', 'p2')],
};

// Per-key event logs, as Debezium orders them within one key; the property interleaves and duplicates them.
const logs: RowChange[][] = [
  [insert('orders', order('o1', 'c1')), update('orders', order('o1', 'c1'), order('o1', 'c2', 'paid')), remove('orders', order('o1', 'c2'))],
  [insert('order_lines', line('o2', 'p2')), update('order_lines', line('o2', 'p2'), line('o1', 'p2'))],
  [update('customers', null, { id: 'c2', name: 'n', email: 'e', city: null, tier: 'gold', version: 2 })],
  [update('products', null, { id: 'p1', sku: 's', name: 'n', category: 'c', price_cents: 1, stock: 1, version: 2 })],
];

const interleaving = fc.array(fc.tuple(fc.nat({ max: logs.length - 1 }), fc.integer({ min: 1, max: 2 })), { minLength: 40, maxLength: 60 });

function replay(picks: Array<[number, number]>): RowChange[] {
  const cursors = logs.map(() => 0);
  const out: RowChange[] = [];
  for (const [log, copies] of picks) {
    const change = logs[log]![cursors[log]!];
    if (!change) continue;
    cursors[log]! += 1;
    for (let i = 0; i < copies; i++) out.push(change);
  }
  logs.forEach((entries, i) => out.push(...entries.slice(cursors[i]))); // whatever was not picked, in order
  return out;
}

const summary = async (changes: RowChange[]) =>
  (await markDirty(projections, changes, createMemoryLookup(rows)))
    .map((m) => `${m.projection}/${m.id}/${[...m.txIds].sort().join(',')}`)
    .sort();

describe('markDirty under reordering and duplication', () => {
  it('yields the same dirty marks for every interleaving that respects per-key order', async () => {
    const inOrder = await summary(logs.flat());
    await fc.assert(fc.asyncProperty(interleaving, async (picks) => expect(await summary(replay(picks))).toEqual(inOrder)));
  });
});
