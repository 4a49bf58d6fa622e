// Order events, derived from what the rules decided: one business fact per command, with exactly the published
// payload (api/events/schemas.ts), and nothing the adapter needs (stock moves, versions).
import { EVENTS } from '../../events/schemas.js';
import * as rules from './decide.js';
import { orderEvents } from './events.js';
import type { OrderState } from './aggregate.js';

const P1 = '00000000-0000-4000-8000-000000000001';
const P2 = '00000000-0000-4000-8000-000000000002';
const C1 = '00000000-0000-4000-8000-0000000000c1';
const O1 = '00000000-0000-4000-8000-0000000000a1';
const PAY = '00000000-0000-4000-8000-0000000000b1';

const l1 = { productId: P1, quantity: 2, unitPriceCents: 500 };
const given = (status: OrderState['status'], lines = [l1]): OrderState => ({
  id: O1, status, version: 3, lines, totalCents: lines.reduce((s, l) => s + l.quantity * l.unitPriceCents, 0),
});

// Every derived event must also satisfy its own published schema.
const only = (events: ReturnType<typeof orderEvents>) => {
  expect(events).toHaveLength(1);
  const [event] = events;
  expect(EVENTS[event!.type].payload.safeParse(event!.payload).success).toBe(true);
  return event;
};

describe('order events', () => {
  it('given a placed order, then OrderPlaced with customer, lines at catalogue prices and total, keyed by the order', () => {
    const fact = rules.decidePlaceOrder({ customerId: C1, lines: [{ productId: P1, quantity: 2 }] }, new Map([[P1, { id: P1, priceCents: 500, stock: 9 }]]), O1);
    expect(only(orderEvents(fact))).toEqual({
      type: 'OrderPlaced', aggregateType: 'order', aggregateId: O1,
      payload: { orderId: O1, customerId: C1, lines: [l1], totalCents: 1000 },
    });
  });

  it('given a line added and one removed, then OrderLineAdded / OrderLineRemoved with the line and the new total', () => {
    const added = rules.decideAddOrderLine(given('pending'), { orderId: O1, productId: P2, quantity: 1 }, { id: P2, priceCents: 300, stock: 1 });
    expect(only(orderEvents(added))).toMatchObject({ type: 'OrderLineAdded', payload: { orderId: O1, line: { productId: P2, quantity: 1, unitPriceCents: 300 }, totalCents: 1300 } });
    const removed = rules.decideRemoveOrderLine(given('pending', [l1, { productId: P2, quantity: 1, unitPriceCents: 300 }]), { orderId: O1, productId: P2 });
    expect(only(orderEvents(removed))).toMatchObject({ type: 'OrderLineRemoved', payload: { orderId: O1, line: { productId: P2 }, totalCents: 1000 } });
  });

  it('given payment and shipment, then OrderPaid and OrderShipped with their ids', () => {
    const paid = rules.decidePayOrder(given('pending'), { orderId: O1, amountCents: 1000, method: 'card' }, PAY);
    expect(only(orderEvents(paid))?.payload).toEqual({ orderId: O1, paymentId: PAY, amountCents: 1000, method: 'card' });
    const shipped = rules.decideShipOrder(given('paid'), { orderId: O1, carrier: 'ups', trackingNumber: 'T1' }, PAY);
    expect(only(orderEvents(shipped))?.payload).toEqual({ orderId: O1, shipmentId: PAY, carrier: 'ups', trackingNumber: 'T1' });
  });

  it.each([['pending', false], ['paid', true]] as const)('given a %s order cancelled, then OrderCancelled with the reason and wasPaid %s', (status, wasPaid) => {
    const fact = rules.decideCancelOrder(given(status), { orderId: O1, reason: 'changed mind' });
    expect(only(orderEvents(fact))).toEqual({ type: 'OrderCancelled', aggregateType: 'order', aggregateId: O1, payload: { orderId: O1, reason: 'changed mind', wasPaid } });
  });
});
