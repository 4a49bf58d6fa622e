// What serves one projection: its routes and the OpenAPI description of its list. A projection with a hand-written
// slice (orders, customers, products: their contract in docs/http-api.md) is served by it; any other gets the
// routes derived from its declaration (derived/routes.ts). One place decides which, for the app and the document.
import type { Projection } from '../../model/projections/declaration.js';
import type { ProjectionName } from './ports.js';
import { customerRoutes } from './customers/routes.js';
import { customerSearchSchema } from './customers/search.js';
import { derivedSlice } from './derived/routes.js';
import { orderRoutes } from './orders/routes.js';
import { orderSearchSchema } from './orders/search.js';
import { uuid } from './params.js';
import { productRoutes } from './products/routes.js';
import { productSearchSchema } from './products/search.js';
import type { Slice } from './queryRoute.js';

const handWritten = {
  orders: { routes: orderRoutes, doc: { operationId: 'searchOrders', getOperationId: 'getOrder', getSummary: 'One order document', summary: 'Search orders; facets status and category', query: orderSearchSchema, id: uuid } },
  customers: { routes: customerRoutes, doc: { operationId: 'searchCustomers', getOperationId: 'getCustomer', getSummary: 'One customer document', summary: 'Search customers; facets tier and city', query: customerSearchSchema, id: uuid } },
  products: { routes: productRoutes, doc: { operationId: 'searchProducts', getOperationId: 'getProduct', getSummary: 'One product document', summary: 'Search products; facet category', query: productSearchSchema, id: uuid } },
} satisfies Partial<Record<ProjectionName, Omit<Slice, 'name'>>>;

const handWrittenOf = (name: string): Omit<Slice, 'name'> | undefined => (Object.hasOwn(handWritten, name) ? handWritten[name as keyof typeof handWritten] : undefined);

// First path segments the app serves otherwise: a projection by one of these names would shadow them.
const TAKEN = ['reports', 'health', 'ready', 'metrics', 'openapi.json'];

export function sliceOf(projection: Projection): Slice {
  if (TAKEN.includes(projection.name)) throw new Error(`projection ${projection.name}: /${projection.name} is taken by the query API itself; rename the projection`);
  const own = handWrittenOf(projection.name);
  return own ? { name: projection.name, ...own } : derivedSlice(projection);
}
