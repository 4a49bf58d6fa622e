// The customers slice: GET /customers (search, filters, facets) and GET /customers/:id.
import type { Router } from 'express';
import { getRoute, listRoute, type QueryContext } from '../queryRoute.js';
import { buildCustomerSearch, CUSTOMER_FACETS, customerSearchSchema, customerSort } from './search.js';

export const customerRoutes = (ctx: QueryContext): Router[] => [
  listRoute(ctx, { path: '/customers', projection: 'customers', schema: customerSearchSchema, sort: customerSort, build: buildCustomerSearch, facets: CUSTOMER_FACETS }),
  getRoute(ctx, '/customers/:id', 'customers'),
];
