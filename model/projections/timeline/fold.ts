// The order timeline, an event-built read model: each order's domain events in order, with the facts people ask
// about (when it was placed, paid, shipped or cancelled; whether it was cancelled after payment; how long from
// placed to shipped). Pure: the event stage (projector/events/eventStage.ts) loads documents and writes what this returns.
//
// A document is derived from the set of its events, never updated in place: merging adds the events it does not
// hold yet (by event id) and derives everything again from all of them in offset order. So a merge is idempotent
// (a redelivered event changes nothing), and the order in which two writers merge does not matter (the live stage
// and a rebuild may both write one document while the alias moves): the result depends on the set alone.

/** One event as it came from `sluice.events.order`: headers, key, partition and offset, and the payload's facts. */
export interface TimelineEvent {
  eventId: string;
  type: string;
  occurredAt: string;
  xid: string | null;
  partition: number;
  offset: string;
  facts: Record<string, unknown>;
}

export type TimelineStatus = 'placed' | 'paid' | 'shipped' | 'cancelled';

export interface OrderTimeline {
  /** The order id, under the name every read model's documents use (paging's tie-breaker). */
  id: string;
  orderId: string;
  customerId: string | null;
  status: TimelineStatus | null;
  totalCents: number | null;
  placedAt: string | null;
  paidAt: string | null;
  shippedAt: string | null;
  cancelledAt: string | null;
  cancelledAfterPayment: boolean;
  placedToPaidMs: number | null;
  placedToShippedMs: number | null;
  eventCount: number;
  eventTypes: string[];
  lastOccurredAt: string | null;
  events: TimelineEvent[];
}

const STATUS_AFTER: Record<string, TimelineStatus> = { OrderPlaced: 'placed', OrderPaid: 'paid', OrderShipped: 'shipped', OrderCancelled: 'cancelled' };

const byOffset = (a: TimelineEvent, b: TimelineEvent): number =>
  a.partition - b.partition || (BigInt(a.offset) < BigInt(b.offset) ? -1 : BigInt(a.offset) > BigInt(b.offset) ? 1 : 0);

const between = (from: string | null, to: string | null): number | null => (from && to ? Math.max(0, Date.parse(to) - Date.parse(from)) : null);

/** The timeline of `orderId` derived from its events (any order, duplicates allowed). */
export function deriveTimeline(orderId: string, events: readonly TimelineEvent[]): OrderTimeline {
  const unique = [...new Map(events.map((e) => [e.eventId, e])).values()].sort(byOffset);
  const first = (type: string): TimelineEvent | undefined => unique.find((e) => e.type === type);
  const placed = first('OrderPlaced');
  const paid = first('OrderPaid');
  const shipped = first('OrderShipped');
  const cancelled = first('OrderCancelled');
  let status: TimelineStatus | null = null;
  let totalCents: number | null = null;
  for (const e of unique) {
    status = STATUS_AFTER[e.type] ?? status;
    if (typeof e.facts['totalCents'] === 'number') totalCents = e.facts['totalCents'];
  }
  const at = (e: TimelineEvent | undefined): string | null => e?.occurredAt ?? null;
  return {
    id: orderId,
    orderId,
    customerId: typeof placed?.facts['customerId'] === 'string' ? placed.facts['customerId'] : null,
    status,
    totalCents,
    placedAt: at(placed),
    paidAt: at(paid),
    shippedAt: at(shipped),
    cancelledAt: at(cancelled),
    cancelledAfterPayment: cancelled !== undefined && (cancelled.facts['wasPaid'] === true || (paid !== undefined && byOffset(paid, cancelled) < 0)),
    placedToPaidMs: between(at(placed), at(paid)),
    placedToShippedMs: between(at(placed), at(shipped)),
    eventCount: unique.length,
    eventTypes: [...new Set(unique.map((e) => e.type))],
    lastOccurredAt: unique.at(-1)?.occurredAt ?? null,
    events: unique,
  };
}

/** The document after adding `incoming`, or undefined when it already holds every one of them (nothing to write). */
export function mergeTimeline(orderId: string, existing: OrderTimeline | undefined, incoming: readonly TimelineEvent[]): OrderTimeline | undefined {
  const held = new Set(existing?.events.map((e) => e.eventId));
  if (incoming.every((e) => held.has(e.eventId))) return undefined;
  return deriveTimeline(orderId, [...(existing?.events ?? []), ...incoming]);
}
