import { given, insert, remove, update } from '../../../testkit/projectionSpec.js';
import { productsProjection } from './products.js';

const order = (id: string, status = 'pending') => ({ id, customer_id: 'c1', status, total_cents: 100, placed_at: 'x', version: 1 });
const line = (orderId: string, productId: string) => ({ order_id: orderId, product_id: productId, quantity: 1, unit_price_cents: 100 });
const products = given(productsProjection, {
  products: [{ id: 'p1' }, { id: 'p2' }, { id: 'p3' }],
  orders: [order('o1'), order('o2')],
  order_lines: [line('o1', 'p1'), line('o1', 'p2'), line('o2', 'p3')],
});

describe('products projection: which changes dirty which products', () => {
  it('a restock dirties that product', () =>
    products.when(update('products', null, { id: 'p1', sku: 'P', name: 'n', category: 'c', price_cents: 1, stock: 9, version: 2 })).thenDirty(['p1']));

  it('a new order line dirties its product (sales)', () => products.when(insert('order_lines', line('o2', 'p1'))).thenDirty(['p1']));

  it('an order status change dirties every product on it', () => products.when(update('orders', order('o1'), order('o1', 'paid'))).thenDirty(['p1', 'p2']));

  it('a line moved to another product dirties both products', () => products.when(update('order_lines', line('o2', 'p3'), line('o2', 'p2'))).thenDirty(['p2', 'p3']));

  it('a deleted line dirties its product', () => products.when(remove('order_lines', line('o1', 'p2'))).thenDirty(['p2']));

  it('customer changes do not concern products', () =>
    products.when(update('customers', null, { id: 'c1', name: 'A', email: 'a@x', city: null, tier: 'gold', version: 2 })).thenDirty([]));
});
