// Order commands: each one's load, rule, save and answer, run by the shared load-decide-save sequence
// (../loadDecideSave.ts). Locks: order row first, then products by id (see orderStore), never the other way round.
import type { z } from 'zod';
import type { CommandDefinition, CommandResult } from '../commandDefinition.js';
import { found, loadDecideSave } from '../loadDecideSave.js';
import type { Tx } from '../adapters/postgres/tx.js';
import * as c from './schemas.js';
import * as rules from './decide.js';
import type { OrderFact, OrderState, StockItem } from './aggregate.js';
import { customerExists, lockOrder, lockStock } from './adapters/postgres/orderStore.js';
import { applyOrderFact } from './adapters/postgres/applyOrderFact.js';
import { orderEvents } from './events.js';

const answer = (fact: OrderFact): CommandResult => ({ id: fact.orderId, version: fact.version, events: orderEvents(fact) });

interface Locked {
  order: OrderState;
  stock: ReadonlyMap<string, StockItem>;
}

/** A command on an existing order: the order locked, then the products `productsToLock` names. */
function orderCommand<S extends z.ZodType<{ orderId: string }>>(
  name: string,
  summary: string,
  schema: S,
  decide: (locked: Locked, input: z.output<S>) => OrderFact,
  productsToLock: (order: OrderState, input: z.output<S>) => string[] = () => [],
) {
  return loadDecideSave({
    name,
    summary,
    schema,
    creates: false,
    load: async (tx: Tx, input): Promise<Locked> => {
      const order = found('order', input.orderId, await lockOrder(tx, input.orderId));
      const ids = productsToLock(order, input);
      return { order, stock: ids.length > 0 ? await lockStock(tx, ids) : new Map<string, StockItem>() };
    },
    decide,
    save: applyOrderFact,
    answer,
  });
}

export function createOrderCommands({ newId }: { newId: () => string }): CommandDefinition<Tx>[] {
  const placeOrder = loadDecideSave({
    name: 'place-order',
    summary: 'Place an order: reserves stock atomically at catalogue prices',
    schema: c.placeOrder,
    creates: true,
    load: async (tx: Tx, input) => {
      found('customer', input.customerId, (await customerExists(tx, input.customerId)) || undefined);
      return lockStock(tx, input.lines.map((l) => l.productId));
    },
    decide: (stock, input) => rules.decidePlaceOrder(input, stock, newId()),
    save: applyOrderFact,
    answer,
  });
  return [
    placeOrder,
    orderCommand(
      'add-order-line', 'Add a line to a pending order', c.addOrderLine,
      ({ order, stock }, input) => rules.decideAddOrderLine(order, input, stock.get(input.productId)),
      (_order, input) => [input.productId],
    ),
    orderCommand(
      'remove-order-line', 'Remove a line from a pending order', c.removeOrderLine,
      ({ order }, input) => rules.decideRemoveOrderLine(order, input),
      (_order, input) => [input.productId],
    ),
    orderCommand(
      'cancel-order', 'Cancel a pending or paid order; returns its stock', c.cancelOrder,
      ({ order }, input) => rules.decideCancelOrder(order, input),
      (order) => order.lines.map((l) => l.productId),
    ),
    orderCommand('pay-order', 'Pay a pending order (amount equals total)', c.payOrder, ({ order }, input) => rules.decidePayOrder(order, input, newId())),
    orderCommand('ship-order', 'Ship a paid order', c.shipOrder, ({ order }, input) => rules.decideShipOrder(order, input, newId())),
  ];
}
