// Given an order's events in any order, with duplicates, the timeline is the same: derived from the set alone.
import fc from 'fast-check';
import { deriveTimeline, mergeTimeline, type TimelineEvent } from './fold.js';

const ev = (offset: number, type: string, at: string, facts: Record<string, unknown> = {}): TimelineEvent => ({
  eventId: `e${offset}`, type, occurredAt: at, xid: String(100 + offset), partition: 1, offset: String(offset), facts,
});

const placed = ev(3, 'OrderPlaced', '2026-01-01T10:00:00.000Z', { customerId: 'c1', totalCents: 1500 });
const paid = ev(7, 'OrderPaid', '2026-01-01T10:05:00.000Z', { amountCents: 1500 });
const shipped = ev(12, 'OrderShipped', '2026-01-01T12:00:00.000Z', { carrier: 'DHL' });
const cancelled = ev(15, 'OrderCancelled', '2026-01-01T13:00:00.000Z', { reason: 'late', wasPaid: true });

describe('the order timeline', () => {
  it('orders events by offset and derives the times, status and totals from them', () => {
    const t = deriveTimeline('o1', [shipped, placed, paid]);
    expect(t).toMatchObject({
      orderId: 'o1', customerId: 'c1', status: 'shipped', totalCents: 1500,
      placedAt: placed.occurredAt, paidAt: paid.occurredAt, shippedAt: shipped.occurredAt, cancelledAt: null,
      placedToPaidMs: 300_000, placedToShippedMs: 7_200_000, cancelledAfterPayment: false, eventCount: 3,
      eventTypes: ['OrderPlaced', 'OrderPaid', 'OrderShipped'], lastOccurredAt: shipped.occurredAt,
    });
    expect(t.events.map((e) => e.offset)).toEqual(['3', '7', '12']);
  });

  it('says an order was cancelled after payment, and not when it was cancelled unpaid', () => {
    expect(deriveTimeline('o1', [placed, paid, cancelled])).toMatchObject({ status: 'cancelled', cancelledAfterPayment: true });
    const unpaid = { ...cancelled, facts: { reason: 'changed mind', wasPaid: false } };
    expect(deriveTimeline('o1', [placed, unpaid])).toMatchObject({ status: 'cancelled', cancelledAfterPayment: false });
  });

  it('merging an event it already holds writes nothing; a new one is added in its place', () => {
    const t = deriveTimeline('o1', [placed, shipped]);
    expect(mergeTimeline('o1', t, [placed])).toBeUndefined();
    expect(mergeTimeline('o1', t, [paid])?.events.map((e) => e.type)).toEqual(['OrderPlaced', 'OrderPaid', 'OrderShipped']);
  });

  it('any interleaving of merges, with redeliveries, ends in the same document', () => {
    const all = [placed, paid, shipped, cancelled];
    fc.assert(
      fc.property(fc.array(fc.array(fc.constantFrom(...all), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }), (chunks) => {
        let doc = undefined as ReturnType<typeof deriveTimeline> | undefined;
        for (const c of [...chunks, all]) doc = mergeTimeline('o1', doc, c) ?? doc;
        expect(doc).toEqual(deriveTimeline('o1', all));
      }),
    );
  });
});
