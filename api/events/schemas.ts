// The domain events Sluice publishes, as versioned zod schemas: the one source for the command API (which
// validates every event before it enters the outbox), the AsyncAPI document (api/events/asyncapi.ts) and the
// consumer guide (docs/events.md). Events are business facts in the past tense, not rows: a consumer never needs
// to know the tables behind them.
//
// Versioning rule: adding an optional field keeps `schemaVersion`; anything a consumer could trip over (a removed
// or renamed field, a changed meaning or type) is a new `schemaVersion` of that event type, announced in the
// `schemaVersion` header, and the old schema stays in this file for as long as old events can be replayed.
import { z } from 'zod';

/** The aggregate an event belongs to; it names the topic (`sluice.events.<aggregate>`) and keys it by id. */
export const AGGREGATES = ['order', 'customer', 'product'] as const;
export type AggregateType = (typeof AGGREGATES)[number];

const id = z.uuid();
const cents = z.number().int().min(0);
const line = z.object({ productId: id, quantity: z.number().int().min(1), unitPriceCents: cents }).strict();
const tier = z.enum(['standard', 'gold', 'platinum']);

const orderPlaced = z.object({ orderId: id, customerId: id, lines: z.array(line).min(1), totalCents: cents }).strict();
const orderLineAdded = z.object({ orderId: id, line, totalCents: cents }).strict();
const orderLineRemoved = z.object({ orderId: id, line, totalCents: cents }).strict();
const orderPaid = z.object({ orderId: id, paymentId: id, amountCents: cents, method: z.string() }).strict();
const orderShipped = z.object({ orderId: id, shipmentId: id, carrier: z.string(), trackingNumber: z.string() }).strict();
const orderCancelled = z
  .object({ orderId: id, reason: z.string(), wasPaid: z.boolean().meta({ description: 'true: the payment must be refunded' }) })
  .strict();

const customerRegistered = z
  .object({ customerId: id, name: z.string(), email: z.string(), city: z.string().nullable(), tier })
  .strict();
const customerDetailsChanged = z
  .object({
    customerId: id,
    changed: z
      .object({ name: z.string(), email: z.string(), city: z.string().nullable(), tier })
      .partial()
      .strict()
      .meta({ description: 'Only the fields whose value changed, with their new value' }),
  })
  .strict();

const productAdded = z
  .object({ productId: id, sku: z.string(), name: z.string(), category: z.string(), priceCents: cents, stock: z.number().int().min(0) })
  .strict();
const productRenamed = z.object({ productId: id, name: z.string(), previousName: z.string() }).strict();
const productPriceChanged = z.object({ productId: id, priceCents: cents, previousPriceCents: cents }).strict();
const productRestocked = z
  .object({ productId: id, quantity: z.number().int().min(1), stock: z.number().int().min(0).meta({ description: 'Stock after the restock' }) })
  .strict();

interface EventSpec {
  aggregate: AggregateType;
  schemaVersion: number;
  summary: string;
  payload: z.ZodType;
}

/** Every event type with its aggregate, current schema version and payload schema. */
export const EVENTS = {
  OrderPlaced: { aggregate: 'order', schemaVersion: 1, summary: 'An order was placed; its stock is reserved at catalogue prices', payload: orderPlaced },
  OrderLineAdded: { aggregate: 'order', schemaVersion: 1, summary: 'A line was added to a pending order', payload: orderLineAdded },
  OrderLineRemoved: { aggregate: 'order', schemaVersion: 1, summary: 'A line was removed from a pending order; its stock returned', payload: orderLineRemoved },
  OrderPaid: { aggregate: 'order', schemaVersion: 1, summary: 'An order was paid in full', payload: orderPaid },
  OrderShipped: { aggregate: 'order', schemaVersion: 1, summary: 'A paid order was shipped', payload: orderShipped },
  OrderCancelled: { aggregate: 'order', schemaVersion: 1, summary: 'An order was cancelled; its stock returned', payload: orderCancelled },
  CustomerRegistered: { aggregate: 'customer', schemaVersion: 1, summary: 'A customer was registered', payload: customerRegistered },
  CustomerDetailsChanged: { aggregate: 'customer', schemaVersion: 1, summary: "Some of a customer's details changed", payload: customerDetailsChanged },
  ProductAdded: { aggregate: 'product', schemaVersion: 1, summary: 'A product was added to the catalogue', payload: productAdded },
  ProductRenamed: { aggregate: 'product', schemaVersion: 1, summary: 'A product was renamed', payload: productRenamed },
  ProductPriceChanged: { aggregate: 'product', schemaVersion: 1, summary: 'The price of future orders of a product changed', payload: productPriceChanged },
  ProductRestocked: { aggregate: 'product', schemaVersion: 1, summary: 'Stock was added to a product', payload: productRestocked },
} as const satisfies Record<string, EventSpec>;

export type EventType = keyof typeof EVENTS;
export type EventPayload<T extends EventType> = z.output<(typeof EVENTS)[T]['payload']>;

/** One event as a command decides it; the outbox adds the event id, the time and the transaction id. */
export type DomainEvent = {
  [T in EventType]: { type: T; aggregateType: (typeof EVENTS)[T]['aggregate']; aggregateId: string; payload: EventPayload<T> };
}[EventType];

/** Builds a typed event; the aggregate comes from the catalogue, so an event cannot land on the wrong topic. */
export function domainEvent<T extends EventType>(type: T, aggregateId: string, payload: EventPayload<T>): DomainEvent {
  return { type, aggregateType: EVENTS[type].aggregate, aggregateId, payload } as DomainEvent;
}

/** The Kafka topic of an aggregate's events (the connector's `route.topic.replacement`, connectors/sluice-outbox.json). */
