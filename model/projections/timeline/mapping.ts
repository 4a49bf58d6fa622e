// The order timeline's index: its name and version (lib/names.ts conventions: `order_timeline_v<N>` behind the
// read alias `order_timeline`) and its mapping. Bump the version when the mapping or the derivation changes, then
// rebuild (rebuild.ts) from the beginning of the topic.
export const ORDER_TIMELINE = { name: 'order_timeline', version: 1 } as const;

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
