// The indexes derived from the declarations: each hop's key (hydration) and parent key (fan-out), latest-of as
// (key, column), a wider index serving a narrower need, and a missing one named with its DDL.
import { customersProjection } from './customers/customers.js';
import { checkIndexes, indexNeeds, unneededIndexes, type ExistingIndex } from './indexes.js';
import { productsProjection } from './products/products.js';

const index = (table: string, name: string, columns: string[], unique = false): ExistingIndex => ({ table, name, columns, scans: 0, unique });
const shape = (needs: ReturnType<typeof indexNeeds>) => needs.map((n) => `${n.table}(${n.columns.join(',')})`).sort();

describe('indexes a projection needs', () => {
  it('latest-of needs (key, column), which also serves the key alone', () =>
    expect(shape(indexNeeds(customersProjection))).toEqual(['customers(id)', 'order_lines(order_id)', 'orders(customer_id,placed_at)', 'orders(id)']));

  it('a two-hop aggregate needs both keys and the fan-out key back', () =>
    expect(shape(indexNeeds(productsProjection))).toEqual(['order_lines(order_id)', 'order_lines(product_id)', 'orders(id)', 'products(id)']));

  it('a missing index is named with CREATE INDEX CONCURRENTLY; a leading-column match serves', () => {
    const checks = checkIndexes(indexNeeds(customersProjection), [
      index('customers', 'customers_pkey', ['id'], true),
      index('orders', 'orders_pkey', ['id'], true),
      index('orders', 'orders_customer_id_idx', ['customer_id']),
      index('order_lines', 'order_lines_pkey', ['order_id', 'product_id'], true),
    ]);
    expect(checks.filter((c) => c.ddl).map((c) => c.ddl)).toEqual(['CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_placed_at_idx ON orders (customer_id, placed_at)']);
    expect(checks.find((c) => c.need.table === 'order_lines')?.servedBy).toBe('order_lines_pkey');
  });

  it('an index that serves no hop and is not unique is reported as unneeded', () =>
    expect(unneededIndexes(indexNeeds(customersProjection), [index('orders', 'orders_placed_at_idx', ['placed_at']), index('orders', 'orders_pkey', ['id'], true), index('orders', 'orders_customer_id_idx', ['customer_id'])]).map((i) => i.name)).toEqual([
      'orders_placed_at_idx',
    ]));
});
