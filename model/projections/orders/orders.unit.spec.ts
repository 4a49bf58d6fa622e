import { given, insert, remove, update } from '../../../testkit/projectionSpec.js';
import { ordersProjection } from './orders.js';

const [c1, c2, o1, o2, o3, p1, p2] = ['c1', 'c2', 'o1', 'o2', 'o3', 'p1', 'p2'];
const customer = (id: string, name = 'Ada') => ({ id, name, email: `${id}@x.io`, city: null, tier: 'gold', version: 1 });
const product = (id: string, name = 'Pen') => ({ id, sku: id.toUpperCase(), name, category: 'office', price_cents: 100, stock: 5, version: 1 });
const order = (id: string, customerId: string, status = 'pending') => ({ id, customer_id: customerId, status, total_cents: 100, placed_at: 'x', version: 1 });
const line = (orderId: string, productId: string, quantity = 1) => ({ order_id: orderId, product_id: productId, quantity, unit_price_cents: 100 });
const rows = {
  customers: [customer(c1), customer(c2)],
  products: [product(p1), product(p2)],
  orders: [order(o1, c1), order(o2, c1), order(o3, c2)],
  order_lines: [line(o1, p1), line(o2, p1), line(o3, p2)],
};
const orders = given(ordersProjection, rows);

describe('orders projection: which changes dirty which orders', () => {
  it('an order change dirties that order', () => orders.when(update('orders', order(o1, c1), order(o1, c1, 'paid'))).thenDirty([o1]));

  it('a customer rename dirties every order of that customer, and only those', () =>
    orders.when(update('customers', null, customer(c1, 'Ada King'))).thenDirty([o1, o2]));

  it('a product rename reaches every order containing it', () => orders.when(update('products', null, product(p1, 'Quill'))).thenDirty([o1, o2]));

  it('a line change dirties its order', () => orders.when(insert('order_lines', line(o3, p1))).thenDirty([o3]));

  it('a re-parented line dirties the old and the new order', () =>
    orders.when(update('order_lines', line(o1, p1), line(o3, p1))).thenDirty([o1, o3]));

  it('a deleted line dirties its order (REPLICA IDENTITY FULL before image)', () => orders.when(remove('order_lines', line(o2, p1))).thenDirty([o2]));

  it('an order moved to another customer dirties the order once', () => orders.when(update('orders', order(o3, c2), order(o3, c1))).thenDirty([o3]));

  it('payments and shipments dirty their order', () =>
    orders
      .when(
        insert('payments', { id: 'pay1', order_id: o1, amount_cents: 100, method: 'card', paid_at: 'x' }),
        insert('shipments', { id: 'sh1', order_id: o2, carrier: 'UPS', tracking_number: '1', shipped_at: 'x' }),
      )
      .thenDirty([o1, o2]));

  it('a primary-key update (delete + create) dirties the old and the new id', () =>
    orders.when(remove('orders', order(o1, c1)), insert('orders', order('o1-new', c1))).thenDirty([o1, 'o1-new']));

  it('carries every causing transaction, for the visibility check', async () => {
    const marks = await orders.when(update('customers', null, customer(c1, 'A')), update('orders', order(o1, c1), order(o1, c1, 'paid'))).thenDirty([o1, o2]);
    expect(marks.find((m) => m.id === o1)?.txIds).toHaveLength(2);
  });
});
