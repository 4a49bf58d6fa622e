import { given, insert, remove, update } from '../../../testkit/projectionSpec.js';
import { customersProjection } from './customers.js';

const order = (id: string, customerId: string, status = 'pending') => ({ id, customer_id: customerId, status, total_cents: 100, placed_at: 'x', version: 1 });
const line = (orderId: string, productId: string) => ({ order_id: orderId, product_id: productId, quantity: 1, unit_price_cents: 100 });
const customers = given(customersProjection, {
  customers: [{ id: 'c1' }, { id: 'c2' }],
  orders: [order('o1', 'c1'), order('o2', 'c2')],
  order_lines: [line('o1', 'p1'), line('o2', 'p1')],
});

describe('customers projection: which changes dirty which customers', () => {
  it('a customer change dirties that customer', () =>
    customers.when(update('customers', null, { id: 'c1', name: 'A', email: 'a@x', city: null, tier: 'gold', version: 2 })).thenDirty(['c1']));

  it('placing or paying an order dirties its customer (aggregates)', () =>
    customers.when(insert('orders', order('o9', 'c2')), update('orders', order('o1', 'c1'), order('o1', 'c1', 'paid'))).thenDirty(['c1', 'c2']));

  it('an order moved between customers dirties both', () => customers.when(update('orders', order('o1', 'c1'), order('o1', 'c2'))).thenDirty(['c1', 'c2']));

  it('an order line change dirties the customer through its order', () => customers.when(remove('order_lines', line('o2', 'p1'))).thenDirty(['c2']));

  it('product changes do not concern customers', () =>
    customers.when(update('products', null, { id: 'p1', sku: 'P', name: 'n', category: 'c', price_cents: 1, stock: 1, version: 1 })).thenDirty([]));
});
