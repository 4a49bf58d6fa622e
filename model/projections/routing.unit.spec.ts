import type { RowChange } from '../change/change.js';
import { TOAST_PLACEHOLDER } from '../change/change.js';
import { insert, remove, update } from '../../testkit/projectionSpec.js';
import { customersProjection } from './customers/customers.js';
import { ordersProjection } from './orders/orders.js';
import { productsProjection } from './products/products.js';
import { changedColumns } from './changedColumns.js';
import { dependencies } from './dependencies.js';
import { planDirty } from './routing.js';
import type { Projection } from './declaration.js';

const columnsOf = (projection: Projection) =>
  Object.fromEntries(dependencies(projection).map((d) => [[d.table, ...d.path.map((h) => h.key)].join('/'), [...d.columns].sort()]));

const product = { id: 'p1', sku: 'P1', name: 'Pen', category: 'office', price_cents: 100, stock: 5, version: 1, updated_at: 't1' };
const routedIn = (projection: typeof ordersProjection, change: RowChange) => planDirty(projection, change).decisions.map((d) => `${d.routed}:${d.reason}`);

describe('column-aware routing', () => {
  it('derives, per table and path, the columns each projection reads (shown, declared by expressions, join and sort keys)', () => {
    expect(columnsOf(ordersProjection)).toEqual({
      orders: ['cancel_reason', 'cancelled_at', 'customer_id', 'id', 'note', 'paid_at', 'placed_at', 'shipped_at', 'status', 'total_cents', 'version'],
      'customers/id': ['city', 'email', 'id', 'name', 'tier'],
      'order_lines/order_id': ['order_id', 'product_id', 'quantity', 'unit_price_cents'],
      'products/order_id/id': ['category', 'id', 'name', 'sku'],
      'payments/order_id': ['amount_cents', 'id', 'method', 'order_id', 'paid_at'],
      'shipments/order_id': ['carrier', 'id', 'order_id', 'shipped_at', 'tracking_number'],
    });
    expect(columnsOf(customersProjection)).toEqual({
      customers: ['city', 'email', 'id', 'name', 'tier', 'version'],
      'orders/customer_id': ['customer_id', 'id', 'placed_at', 'status', 'total_cents'],
      'order_lines/customer_id/order_id': ['order_id', 'quantity'],
    });
    expect(columnsOf(productsProjection)).toEqual({
      products: ['category', 'id', 'name', 'price_cents', 'sku', 'stock', 'version'],
      'order_lines/product_id': ['order_id', 'product_id', 'quantity', 'unit_price_cents'],
      'orders/product_id/id': ['id', 'status'],
    });
  });

  it('skips a restock for orders (stock, version, updated_at are not shown) and routes it for the product itself', () => {
    const restock = update('products', product, { ...product, stock: 4, version: 2, updated_at: 't2' });
    expect(routedIn(ordersProjection, restock)).toEqual(['false:only-unread-columns']);
    expect(planDirty(ordersProjection, restock).lookups).toEqual([]);
    expect(planDirty(productsProjection, restock).direct).toEqual(['p1']);
  });

  it('routes a rename to every order through the lookup', () => {
    const rename = update('products', product, { ...product, name: 'Quill', version: 2 });
    expect(routedIn(ordersProjection, rename)).toEqual(['true:read-column-changed']);
    expect(planDirty(ordersProjection, rename).lookups.map((l) => l.values)).toEqual([['p1']]);
  });

  it('routes every update of a table without before images, and says why', () =>
    expect(routedIn(ordersProjection, update('products', null, { ...product, stock: 4 }))).toEqual(['true:no-before-image']));

  it('always routes creates and deletes', () => {
    expect(routedIn(ordersProjection, insert('products', product))).toEqual(['true:create']);
    expect(routedIn(ordersProjection, remove('products', product))).toEqual(['true:delete']);
  });

  it('skips an order update that changes only updated_at, for the order itself too', () =>
    expect(planDirty(ordersProjection, update('orders', { id: 'o1', updated_at: 'a' }, { id: 'o1', updated_at: 'b' })).direct).toEqual([]));

  it('re-parenting (a join key changed) routes to both parents', () => {
    const line = { order_id: 'o1', product_id: 'p1', quantity: 1, unit_price_cents: 100 };
    expect(planDirty(ordersProjection, update('order_lines', line, { ...line, order_id: 'o2' })).direct.sort()).toEqual(['o1', 'o2']);
  });

  it('treats the TOAST placeholder on either side as unchanged, and a column missing from the before image as changed', () => {
    expect([...changedColumns({ id: 1, note: 'long', status: 'a' }, { id: 1, note: TOAST_PLACEHOLDER, status: 'a' })]).toEqual([]);
    expect([...changedColumns({ id: 1, note: TOAST_PLACEHOLDER }, { id: 1, note: 'new' })]).toEqual([]);
    expect([...changedColumns({ id: 1 }, { id: 1, note: 'x' })]).toEqual(['note']);
    expect([...changedColumns({ id: 1, tags: ['a'] }, { id: 1, tags: ['a'] })]).toEqual([]);
  });

  it('with the column filter off, routes as before it existed (the reference the property test compares with)', () =>
    expect(planDirty(ordersProjection, update('products', product, { ...product, stock: 1 }), { columnFilter: false }).lookups).toHaveLength(1));
});
