// The order timeline's index mapping (the declaration, timeline.ts, names it and its version): bump the version
// there when this or the derivation changes, then `sluice rebuild order_timeline` folds the topic again.

const date = { type: 'date' } as const;
const keyword = { type: 'keyword' } as const;

export const TIMELINE_MAPPING = {
  dynamic: 'strict',
  properties: {
    id: keyword,
    orderId: keyword,
    customerId: keyword,
    status: keyword,
    totalCents: { type: 'long' },
    placedAt: date,
    paidAt: date,
    shippedAt: date,
    cancelledAt: date,
    cancelledAfterPayment: { type: 'boolean' },
    placedToPaidMs: { type: 'long' },
    placedToShippedMs: { type: 'long' },
    eventCount: { type: 'integer' },
    eventTypes: keyword,
    lastOccurredAt: date,
    events: {
      properties: {
        eventId: keyword,
        type: keyword,
        occurredAt: date,
        xid: keyword,
        partition: { type: 'integer' },
        offset: keyword,
        // Stored to derive the document again, never searched.
        facts: { type: 'object', enabled: false },
      },
    },
  },
} as const;
