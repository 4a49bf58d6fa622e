// Order commands wired to their rules and SQL. Locks: order row first, then products by id (see orderStore).
import type { z } from 'zod';
import { NotFoundError } from '../../../lib/errors.js';
import { defineCommand, type CommandDefinition } from '../commandDefinition.js';
import type { Tx } from '../adapters/postgres/tx.js';
import * as c from './commands.js';
import * as rules from './decide.js';
import type { OrderFact, OrderState } from './model.js';
import { customerExists, lockOrder, lockStock } from './adapters/postgres/orderStore.js';
import { applyOrderFact } from './adapters/postgres/applyOrderFact.js';
import { orderEvents } from './events.js';

type Decide<S extends z.ZodType> = (tx: Tx, order: OrderState, input: z.output<S>) => Promise<OrderFact>;

function orderCommand<S extends z.ZodType<{ orderId: string }>>(name: string, summary: string, schema: S, decide: Decide<S>) {
  return defineCommand({
    name,
    summary,
    schema,
    creates: false,
    handle: async (tx: Tx, input: z.output<S>) => {
      const order = await lockOrder(tx, input.orderId);
      if (!order) throw new NotFoundError(`order ${input.orderId} does not exist`);
      const fact = await decide(tx, order, input);
      await applyOrderFact(tx, fact);
      return { id: order.id, version: fact.version, events: orderEvents(fact) };
    },
  });
}

export function createOrderCommands({ newId }: { newId: () => string }): CommandDefinition<Tx>[] {
  const placeOrder = defineCommand({
    name: 'place-order',
    summary: 'Place an order: reserves stock atomically at catalogue prices',
    schema: c.placeOrder,
    creates: true,
    handle: async (tx: Tx, input) => {
      if (!(await customerExists(tx, input.customerId))) throw new NotFoundError(`customer ${input.customerId} does not exist`);
      const stock = await lockStock(tx, input.lines.map((l) => l.productId));
      const fact = rules.decidePlaceOrder(input, stock, newId());
      await applyOrderFact(tx, fact);
      return { id: fact.orderId, version: fact.version, events: orderEvents(fact) };
    },
  });
  return [
    placeOrder,
    orderCommand('add-order-line', 'Add a line to a pending order', c.addOrderLine, async (tx, order, input) =>
      rules.decideAddOrderLine(order, input, (await lockStock(tx, [input.productId])).get(input.productId)),
    ),
    orderCommand('remove-order-line', 'Remove a line from a pending order', c.removeOrderLine, async (tx, order, input) => {
      await lockStock(tx, [input.productId]);
      return rules.decideRemoveOrderLine(order, input);
    }),
    orderCommand('cancel-order', 'Cancel a pending or paid order; returns its stock', c.cancelOrder, async (tx, order, input) => {
      await lockStock(tx, order.lines.map((l) => l.productId));
      return rules.decideCancelOrder(order, input);
    }),
    orderCommand('pay-order', 'Pay a pending order (amount equals total)', c.payOrder, async (_tx, order, input) =>
      rules.decidePayOrder(order, input, newId()),
    ),
    orderCommand('ship-order', 'Ship a paid order', c.shipOrder, async (_tx, order, input) => rules.decideShipOrder(order, input, newId())),
  ];
}
