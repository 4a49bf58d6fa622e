// Writes a decided order fact. Every change bumps the order's version and updated_at; every stock move bumps the
// product's version too, because stock is part of the product aggregate.
import type { Tx } from '../../../adapters/postgres/tx.js';
import type { OrderFact, OrderLine, StockMove } from '../../aggregate.js';

async function moveStock(tx: Tx, moves: readonly StockMove[]): Promise<void> {
  if (moves.length === 0) return;
  await tx.query(
    `UPDATE products p SET stock = p.stock + m.delta, version = p.version + 1, updated_at = now()
     FROM unnest($1::uuid[], $2::int[]) AS m(id, delta) WHERE p.id = m.id`,
    [moves.map((m) => m.productId), moves.map((m) => m.delta)],
  );
}

async function insertLines(tx: Tx, orderId: string, lines: readonly OrderLine[]): Promise<void> {
  await tx.query(
    `INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents)
     SELECT $1, * FROM unnest($2::uuid[], $3::int[], $4::bigint[])`,
    [orderId, lines.map((l) => l.productId), lines.map((l) => l.quantity), lines.map((l) => l.unitPriceCents)],
  );
}

async function bumpOrder(tx: Tx, orderId: string, version: number, set = '', params: unknown[] = []): Promise<void> {
  await tx.query(`UPDATE orders SET ${set}${set ? ', ' : ''}version = $2, updated_at = now() WHERE id = $1`, [orderId, version, ...params]);
}

export async function applyOrderFact(tx: Tx, fact: OrderFact): Promise<void> {
  switch (fact.type) {
    case 'OrderPlaced':
      await tx.query('INSERT INTO orders (id, customer_id, total_cents, version) VALUES ($1, $2, $3, $4)', [
        fact.orderId, fact.customerId, fact.totalCents, fact.version,
      ]);
      await insertLines(tx, fact.orderId, fact.lines);
      return moveStock(tx, fact.stock);
    case 'OrderLineAdded':
      await insertLines(tx, fact.orderId, [fact.line]);
      await bumpOrder(tx, fact.orderId, fact.version, 'total_cents = $3', [fact.totalCents]);
      return moveStock(tx, fact.stock);
    case 'OrderLineRemoved':
      await tx.query('DELETE FROM order_lines WHERE order_id = $1 AND product_id = $2', [fact.orderId, fact.line.productId]);
      await bumpOrder(tx, fact.orderId, fact.version, 'total_cents = $3', [fact.totalCents]);
      return moveStock(tx, fact.stock);
    case 'OrderCancelled':
      await bumpOrder(tx, fact.orderId, fact.version, `status = 'cancelled', cancelled_at = now(), cancel_reason = $3`, [fact.reason]);
      return moveStock(tx, fact.stock);
    case 'OrderPaid':
      await tx.query('INSERT INTO payments (id, order_id, amount_cents, method) VALUES ($1, $2, $3, $4)', [
        fact.paymentId, fact.orderId, fact.amountCents, fact.method,
      ]);
      return bumpOrder(tx, fact.orderId, fact.version, `status = 'paid', paid_at = now()`);
    case 'OrderShipped':
      await tx.query('INSERT INTO shipments (id, order_id, carrier, tracking_number) VALUES ($1, $2, $3, $4)', [
        fact.shipmentId, fact.orderId, fact.carrier, fact.trackingNumber,
      ]);
      return bumpOrder(tx, fact.orderId, fact.version, `status = 'shipped', shipped_at = now()`);
    default: {
      const unreachable: never = fact;
      throw new Error(`unhandled fact ${JSON.stringify(unreachable)}`);
    }
  }
}
