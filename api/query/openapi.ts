// The query API's OpenAPI document, generated from the very zod schemas that validate the query strings.
import { z } from 'zod';
import { createOpenApi, problemResponse } from '../http/openapi.js';
import { customerSearchSchema } from './customers/search.js';
import { orderSearchSchema } from './orders/search.js';
import { productSearchSchema } from './products/search.js';
import { byIdSchema } from './queryRoute.js';
import { salesSchema, topCustomersSchema, topProductsSchema } from './reports/search.js';

const freshness = z.object({ lagMs: z.number().int().nullable(), asOf: z.string().nullable() }).openapi('Freshness');
const facet = z.array(z.object({ value: z.string(), count: z.number().int() }));
const list = z
  .object({ items: z.array(z.record(z.string(), z.unknown())), total: z.number().int(), cursor: z.string().nullable(), facets: z.record(z.string(), facet), freshness })
  .openapi('ListPage');
const document = z.record(z.string(), z.unknown()).openapi('Document');
const minPositionHeader = z.object({ 'X-Min-Position': z.string().optional().openapi({ description: 'Same as minPosition' }) });

const errors = {
  400: problemResponse('Unknown parameter, value out of range, or invalid cursor/position'),
  401: problemResponse('Missing or unknown API key'),
  403: problemResponse('API key without the queries scope'),
  429: problemResponse('Rate limited'),
  503: problemResponse('Elasticsearch unavailable'),
  504: problemResponse('minPosition not reached within waitMs (type .../consistency-timeout)'),
};

const routes = [
  { path: '/orders', summary: 'Search orders; facets status and category', query: orderSearchSchema, body: list },
  { path: '/customers', summary: 'Search customers; facets tier and city', query: customerSearchSchema, body: list },
  { path: '/products', summary: 'Search products; facet category', query: productSearchSchema, body: list },
  { path: '/reports/sales', summary: 'Orders and revenue per interval, optionally grouped', query: salesSchema, body: document },
  { path: '/reports/top-customers', summary: 'Customers by lifetime value', query: topCustomersSchema, body: document },
  { path: '/reports/top-products', summary: 'Products by revenue or units', query: topProductsSchema, body: document },
];

export function createQueryOpenApi(): unknown {
  const { registry, document: generate } = createOpenApi({
    title: 'Sluice query API',
    version: '1.0.0',
    description:
      'Reads from the Elasticsearch projections. Paging with `cursor` (search_after on the sort key plus id): with an immutable sort key ' +
      '(placedAt, name, sku) every document that matches throughout the walk appears exactly once.',
  });
  for (const r of routes) {
    registry.registerPath({
      method: 'get', path: r.path, summary: r.summary, tags: ['queries'],
      request: { query: r.query as never, headers: minPositionHeader },
      responses: { 200: { description: 'OK', content: { 'application/json': { schema: r.body } } }, ...errors },
    });
  }
  for (const name of ['orders', 'customers', 'products']) {
    registry.registerPath({
      method: 'get', path: `/${name}/{id}`, summary: `One ${name.slice(0, -1)} document`, tags: ['queries'],
      request: { params: z.object({ id: z.uuid() }), query: byIdSchema, headers: minPositionHeader },
      responses: { 200: { description: 'OK', content: { 'application/json': { schema: document } } }, 404: problemResponse('No such document'), ...errors },
    });
  }
  return generate();
}
