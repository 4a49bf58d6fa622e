// The products slice: GET /products (search, filters, facets) and GET /products/:id.
import type { Router } from 'express';
import { getRoute, listRoute, type QueryContext } from '../queryRoute.js';
import { buildProductSearch, PRODUCT_FACETS, productSearchSchema, productSort } from './search.js';

export const productRoutes = (ctx: QueryContext): Router[] => [
  listRoute(ctx, { path: '/products', projection: 'products', schema: productSearchSchema, sort: productSort, build: buildProductSearch, facets: PRODUCT_FACETS }),
  getRoute(ctx, '/products/:id', 'products'),
];
