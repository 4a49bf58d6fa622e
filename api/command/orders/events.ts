// The domain events of the order slice, derived from the decided fact in this one place (pure): the fact says what
// to write, the event says what happened in business terms (api/events/schemas.ts, docs/events.md).
import { domainEvent, type DomainEvent } from '../../events/schemas.js';
import type { OrderFact, OrderLine } from './aggregate.js';

// Copied field by field so that nothing the adapter needs (stock moves, versions) leaks into the contract.
const line = (l: OrderLine): OrderLine => ({ productId: l.productId, quantity: l.quantity, unitPriceCents: l.unitPriceCents });

export function orderEvents(fact: OrderFact): DomainEvent[] {
  const { orderId } = fact;
  switch (fact.type) {
    case 'OrderPlaced':
      return [domainEvent('OrderPlaced', orderId, { orderId, customerId: fact.customerId, lines: fact.lines.map(line), totalCents: fact.totalCents })];
    case 'OrderLineAdded':
      return [domainEvent('OrderLineAdded', orderId, { orderId, line: line(fact.line), totalCents: fact.totalCents })];
    case 'OrderLineRemoved':
      return [domainEvent('OrderLineRemoved', orderId, { orderId, line: line(fact.line), totalCents: fact.totalCents })];
    case 'OrderPaid':
      return [domainEvent('OrderPaid', orderId, { orderId, paymentId: fact.paymentId, amountCents: fact.amountCents, method: fact.method })];
    case 'OrderShipped':
      return [domainEvent('OrderShipped', orderId, { orderId, shipmentId: fact.shipmentId, carrier: fact.carrier, trackingNumber: fact.trackingNumber })];
    case 'OrderCancelled':
      return [domainEvent('OrderCancelled', orderId, { orderId, reason: fact.reason, wasPaid: fact.wasPaid })];
    default: {
      const unreachable: never = fact;
      throw new Error(`unhandled fact ${JSON.stringify(unreachable)}`);
    }
  }
}
