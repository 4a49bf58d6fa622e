// The orders slice: GET /orders (search, filters, facets) and GET /orders/:id.
import type { Router } from 'express';
import { getRoute, listRoute, type QueryContext } from '../queryRoute.js';
import { buildOrderSearch, ORDER_FACETS, orderSearchSchema, orderSort } from './search.js';

export const orderRoutes = (ctx: QueryContext): Router[] => [
  listRoute(ctx, { path: '/orders', projection: 'orders', schema: orderSearchSchema, sort: orderSort, build: buildOrderSearch, facets: ORDER_FACETS }),
  getRoute(ctx, '/orders/:id', 'orders'),
];
