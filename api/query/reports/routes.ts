// The reports slice: sales over time (optionally grouped), top customers, top products.
import type { Router } from 'express';
import { reportRoute, type QueryContext } from '../queryRoute.js';
import { buildSalesReport, buildTopCustomers, buildTopProducts, salesReportOf, salesSchema, topCustomersSchema, topProductsSchema } from './search.js';

export const reportRoutes = (ctx: QueryContext): Router[] => [
  reportRoute(ctx, { path: '/reports/sales', projection: 'orders', schema: salesSchema, build: buildSalesReport, respond: (r, p) => salesReportOf(r.aggregations, p) }),
  reportRoute(ctx, { path: '/reports/top-customers', projection: 'customers', schema: topCustomersSchema, build: buildTopCustomers, respond: (r) => ({ items: r.hits.map((h) => h.source) }) }),
  reportRoute(ctx, { path: '/reports/top-products', projection: 'products', schema: topProductsSchema, build: buildTopProducts, respond: (r) => ({ items: r.hits.map((h) => h.source) }) }),
];
