import { ConflictError, NotFoundError } from '../../../lib/errors.js';
import * as rules from './decide.js';
import type { OrderState, StockItem } from './aggregate.js';

const P1 = '00000000-0000-4000-8000-000000000001';
const P2 = '00000000-0000-4000-8000-000000000002';
const C1 = '00000000-0000-4000-8000-0000000000c1';
const O1 = '00000000-0000-4000-8000-0000000000a1';

const given = (status: OrderState['status'], lines = [{ productId: P1, quantity: 2, unitPriceCents: 500 }]): OrderState => ({
  id: O1, status, version: 3, lines, totalCents: lines.reduce((s, l) => s + l.quantity * l.unitPriceCents, 0),
});
const shelf = (...items: StockItem[]) => new Map(items.map((i) => [i.id, i]));
const conflict = (code: string) => expect.objectContaining({ constructor: ConflictError, code });

describe('place-order', () => {
  it('given stock, when placed, then lines take catalogue prices, total is computed and stock reserved', () => {
    const fact = rules.decidePlaceOrder(
      { customerId: C1, lines: [{ productId: P1, quantity: 2 }, { productId: P2, quantity: 1 }] },
      shelf({ id: P1, priceCents: 250, stock: 2 }, { id: P2, priceCents: 1000, stock: 9 }),
      O1,
    );
    expect(fact).toMatchObject({ type: 'OrderPlaced', orderId: O1, totalCents: 1500, version: 1 });
    expect(fact).toHaveProperty('stock', [{ productId: P1, delta: -2 }, { productId: P2, delta: -1 }]);
  });

  it('given too little stock, when placed, then insufficient-stock', () => {
    expect(() => rules.decidePlaceOrder({ customerId: C1, lines: [{ productId: P1, quantity: 3 }] }, shelf({ id: P1, priceCents: 1, stock: 2 }), O1)).toThrow(
      conflict('insufficient-stock'),
    );
  });

  it('given an unknown product, when placed, then not found', () => {
    expect(() => rules.decidePlaceOrder({ customerId: C1, lines: [{ productId: P2, quantity: 1 }] }, shelf(), O1)).toThrow(NotFoundError);
  });
});

describe('status transitions', () => {
  const pay = { orderId: O1, amountCents: 1000, method: 'card' };
  const ship = { orderId: O1, carrier: 'ups', trackingNumber: '1Z' };

  it.each(['paid', 'shipped', 'cancelled'] as const)('given a %s order, when paid, then invalid-transition', (status) => {
    expect(() => rules.decidePayOrder(given(status), pay, 'p')).toThrow(conflict('invalid-transition'));
  });

  it('given a pending order, when paid the exact total, then paid with version + 1', () => {
    expect(rules.decidePayOrder(given('pending'), pay, 'pay-1')).toMatchObject({ type: 'OrderPaid', amountCents: 1000, version: 4 });
  });

  it('given a pending order, when paid another amount, then amount-mismatch', () => {
    expect(() => rules.decidePayOrder(given('pending'), { ...pay, amountCents: 999 }, 'p')).toThrow(conflict('amount-mismatch'));
  });

  it.each(['pending', 'shipped', 'cancelled'] as const)('given a %s order, when shipped, then invalid-transition', (status) => {
    expect(() => rules.decideShipOrder(given(status), ship, 's')).toThrow(conflict('invalid-transition'));
  });

  it('given a paid order, when shipped, then shipped', () => {
    expect(rules.decideShipOrder(given('paid'), ship, 's1')).toMatchObject({ type: 'OrderShipped', carrier: 'ups', version: 4 });
  });

  it.each(['pending', 'paid'] as const)('given a %s order, when cancelled, then its stock is returned', (status) => {
    expect(rules.decideCancelOrder(given(status), { orderId: O1, reason: 'changed mind' })).toMatchObject({
      type: 'OrderCancelled', stock: [{ productId: P1, delta: 2 }], version: 4,
    });
  });

  it.each(['shipped', 'cancelled'] as const)('given a %s order, when cancelled, then invalid-transition', (status) => {
    expect(() => rules.decideCancelOrder(given(status), { orderId: O1, reason: 'x' })).toThrow(conflict('invalid-transition'));
  });

  it('given a stale expectedVersion, when any command, then version-conflict', () => {
    expect(() => rules.decideCancelOrder(given('pending'), { orderId: O1, reason: 'x', expectedVersion: 2 })).toThrow(conflict('version-conflict'));
  });
});

describe('order lines', () => {
  const product = { id: P2, priceCents: 700, stock: 5 };

  it('given a pending order, when a line is added, then stock is reserved and the total grows', () => {
    expect(rules.decideAddOrderLine(given('pending'), { orderId: O1, productId: P2, quantity: 2 }, product)).toMatchObject({
      type: 'OrderLineAdded', totalCents: 2400, stock: [{ productId: P2, delta: -2 }], version: 4,
    });
  });

  it('given a paid order, when a line is added, then invalid-transition', () => {
    expect(() => rules.decideAddOrderLine(given('paid'), { orderId: O1, productId: P2, quantity: 1 }, product)).toThrow(conflict('invalid-transition'));
  });

  it('given a line for that product, when added again, then line-exists', () => {
    expect(() => rules.decideAddOrderLine(given('pending'), { orderId: O1, productId: P1, quantity: 1 }, { ...product, id: P1 })).toThrow(conflict('line-exists'));
  });

  it('given too little stock, when a line is added, then insufficient-stock', () => {
    expect(() => rules.decideAddOrderLine(given('pending'), { orderId: O1, productId: P2, quantity: 6 }, product)).toThrow(conflict('insufficient-stock'));
  });

  it('given 100 lines, when one more is added, then too-many-lines', () => {
    const lines = Array.from({ length: 100 }, (_, i) => ({ productId: `p${i}`, quantity: 1, unitPriceCents: 1 }));
    expect(() => rules.decideAddOrderLine(given('pending', lines), { orderId: O1, productId: P2, quantity: 1 }, product)).toThrow(conflict('too-many-lines'));
  });

  it('given two lines, when one is removed, then its stock returns and the total shrinks', () => {
    const order = given('pending', [{ productId: P1, quantity: 2, unitPriceCents: 500 }, { productId: P2, quantity: 1, unitPriceCents: 700 }]);
    expect(rules.decideRemoveOrderLine(order, { orderId: O1, productId: P2 })).toMatchObject({ totalCents: 1000, stock: [{ productId: P2, delta: 1 }] });
  });

  it('given one line, when it is removed, then last-line', () => {
    expect(() => rules.decideRemoveOrderLine(given('pending'), { orderId: O1, productId: P1 })).toThrow(conflict('last-line'));
  });

  it('given no such line, when removed, then not found', () => {
    expect(() => rules.decideRemoveOrderLine(given('pending'), { orderId: O1, productId: P2 })).toThrow(NotFoundError);
  });

  it('given a cancelled order, when a line is removed, then invalid-transition', () => {
    expect(() => rules.decideRemoveOrderLine(given('cancelled'), { orderId: O1, productId: P1 })).toThrow(conflict('invalid-transition'));
  });
});
