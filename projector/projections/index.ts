// The projections this deployment maintains, by name.
import type { Projection } from './define.js';
import { customersProjection } from './customers/customers.js';
import { ordersProjection } from './orders/orders.js';
import { productsProjection } from './products/products.js';

export const projections: readonly Projection[] = [ordersProjection, customersProjection, productsProjection];

export type ProjectionName = 'orders' | 'customers' | 'products';

export function projectionByName(name: string): Projection {
  const found = projections.find((p) => p.name === name);
  if (!found) throw new Error(`unknown projection ${name}: expected one of ${projections.map((p) => p.name).join(', ')}`);
  return found;
}
