// Reads for the order rules, taking row locks in one global order to rule out deadlocks:
// the order row first, then product rows sorted by id (LockRows sits above the Sort in the plan).
import type { Tx } from '../../../adapters/postgres/tx.js';
import type { OrderState, StockItem } from '../../aggregate.js';

export async function customerExists(tx: Tx, id: string): Promise<boolean> {
  const { rowCount } = await tx.query('SELECT 1 FROM customers WHERE id = $1', [id]);
  return (rowCount ?? 0) > 0;
}

export async function lockOrder(tx: Tx, id: string): Promise<OrderState | undefined> {
  const head = await tx.query<{ id: string; status: OrderState['status']; total_cents: string; version: number }>(
    'SELECT id, status, total_cents, version FROM orders WHERE id = $1 FOR NO KEY UPDATE',
    [id],
  );
  const order = head.rows[0];
  if (!order) return undefined;
  const lines = await tx.query<{ product_id: string; quantity: number; unit_price_cents: string }>(
    'SELECT product_id, quantity, unit_price_cents FROM order_lines WHERE order_id = $1 ORDER BY product_id',
    [id],
  );
  return {
    id: order.id,
    status: order.status,
    totalCents: Number(order.total_cents),
    version: order.version,
    lines: lines.rows.map((l) => ({ productId: l.product_id, quantity: l.quantity, unitPriceCents: Number(l.unit_price_cents) })),
  };
}

export async function lockStock(tx: Tx, productIds: readonly string[]): Promise<Map<string, StockItem>> {
  const { rows } = await tx.query<{ id: string; price_cents: string; stock: number }>(
    'SELECT id, price_cents, stock FROM products WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE',
    [[...productIds]],
  );
  return new Map(rows.map((r) => [r.id, { id: r.id, priceCents: Number(r.price_cents), stock: r.stock }]));
}
