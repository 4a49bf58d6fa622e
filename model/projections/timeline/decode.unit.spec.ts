import { decodeEvent } from './decode.js';

const message = (over: Partial<{ key: string | null; value: string | null; headers: Record<string, string> }> = {}) => ({
  offset: '42', key: 'o1', value: '{"orderId": "o1", "totalCents": 500}',
  headers: { eventId: 'e1', eventType: 'OrderPlaced', occurredAt: '2026-01-01T10:00:00.123456Z', xid: '777' }, ...over,
});

describe('decoding a domain event', () => {
  it('reads the order id from the key, the event from the headers and the facts from the payload', () => {
    expect(decodeEvent(2, message())).toEqual({
      ok: true, id: 'o1',
      event: { eventId: 'e1', type: 'OrderPlaced', occurredAt: '2026-01-01T10:00:00.123Z', xid: '777', partition: 2, offset: '42', facts: { orderId: 'o1', totalCents: 500 } },
    });
  });

  it.each([
    ['no key', { key: null }],
    ['no eventId header', { headers: { eventType: 'OrderPlaced', occurredAt: '2026-01-01T10:00:00Z' } }],
    ['a bad occurredAt', { headers: { eventId: 'e1', eventType: 'OrderPlaced', occurredAt: 'yesterday' } }],
    ['a payload that is not JSON', { value: '{oops' }],
    ['a payload that is not an object', { value: '[1]' }],
  ])('refuses an event with %s, saying why', (_what, over) => {
    const d = decodeEvent(0, message(over));
    expect(d.ok).toBe(false);
    expect(d.ok ? '' : d.reason).toMatch(/key|header|JSON/);
  });
});
