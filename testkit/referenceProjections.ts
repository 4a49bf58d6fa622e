// The reference application's table-built projections, named by their declarations rather than taken from the
// registry: specs about routing and captured tables assert on these three, so registering another projection (a
// team's own) changes the registry without changing what those specs check.
import { customersProjection } from '../model/projections/customers/customers.js';
import type { Projection } from '../model/projections/declaration.js';
import { ordersProjection } from '../model/projections/orders/orders.js';
import { productsProjection } from '../model/projections/products/products.js';

export const referenceProjections: readonly Projection[] = [ordersProjection, customersProjection, productsProjection];
