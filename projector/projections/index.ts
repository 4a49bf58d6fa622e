// The projections this deployment maintains, by name: the one list a projection is registered in. The projector,
// the query API (its derived routes, api/query/derived), the ops service and the `sluice` command all read it.
import type { Projection } from './define.js';
import { customersProjection } from './customers/customers.js';
import { ordersProjection } from './orders/orders.js';
import { productsProjection } from './products/products.js';

export const projections = [ordersProjection, customersProjection, productsProjection] as const satisfies readonly Projection[];

/** The registered names, derived from the list: adding a projection to it adds its name here. */
export type ProjectionName = (typeof projections)[number]['name'];

export const projectionNames: readonly ProjectionName[] = projections.map((p) => p.name);

export function projectionByName(name: string): Projection {
  const found = projections.find((p) => p.name === name);
  if (!found) throw new Error(`unknown projection ${name}: expected one of ${projections.map((p) => p.name).join(', ')}`);
  return found;
}
