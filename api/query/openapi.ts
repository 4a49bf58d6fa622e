// The query API's OpenAPI document, generated from the very zod schemas that validate the query strings: a list
// and a get by id per served projection (derived from its declaration, derived/routes.ts), and the reports.
// Links lead from a list or a report to the document behind its first item.
import { z } from 'zod';
import type { Projection } from '../../model/projections/declaration.js';
import { createOpenApi, errorResponses, type ErrorStatus } from '../http/openapi.js';
import { positionToken } from './params.js';
import { byIdSchema } from './queryRoute.js';
import { salesSchema, topCustomersSchema, topProductsSchema } from './reports/search.js';
import { sliceOf } from './derived/routes.js';
import { timelineSearchSchema } from './timeline/search.js';

const freshness = z.object({ lagMs: z.number().int().nullable(), asOf: z.iso.datetime().nullable() }).openapi('Freshness');
const facet = z.array(z.object({ value: z.string(), count: z.number().int() }));
const document = z.record(z.string(), z.unknown()).openapi('Document');
const list = z
  .object({ items: z.array(document), total: z.number().int(), cursor: z.string().nullable(), facets: z.record(z.string(), facet), freshness })
  .openapi('ListPage');
const bucket = z.object({
  start: z.iso.datetime(),
  orders: z.number().int(),
  revenueCents: z.number().int(),
  groups: z.array(z.object({ key: z.string(), orders: z.number().int(), revenueCents: z.number().int() })).optional(),
});
const sales = z.object({ buckets: z.array(bucket), freshness }).openapi('SalesReport');
const top = z.object({ items: z.array(document), freshness }).openapi('TopList');
const minPositionHeader = z.object({ 'X-Min-Position': positionToken.optional().openapi({ description: 'Same as minPosition; the parameter wins' }) });

const errors: ErrorStatus[] = [400, 401, 403, 429, 503, 504];
const descriptions = { 400: 'Unknown parameter, value out of range, or invalid cursor or position token: `errors` names each field' };

// A link to the get-by-id operation of a projection (getOrder, getCustomer, getProduct; derived: get<Name>ById).
const firstItem = (getOperationId: string) => ({
  [getOperationId]: { operationId: getOperationId, parameters: { id: '$response.body#/items/0/id' }, description: 'The document behind the first item' },
});

const reports = [
  { path: '/reports/sales', operationId: 'salesReport', summary: 'Orders and revenue per interval, optionally grouped', query: salesSchema, body: sales },
  { path: '/reports/top-customers', operationId: 'topCustomers', summary: 'Customers by lifetime value', query: topCustomersSchema, body: top, links: firstItem('getCustomer') },
  { path: '/reports/top-products', operationId: 'topProducts', summary: 'Products by revenue or units', query: topProductsSchema, body: top, links: firstItem('getProduct') },
];

/** The document for an app serving `projections` (createQueryApp). */
export function createQueryOpenApi(projections: readonly Projection[]): unknown {
  const slices = projections.map(sliceOf);
  const lists = slices.map(({ name, doc }) => ({ path: `/${name}`, operationId: doc.operationId, summary: doc.summary, query: doc.query, body: list, links: firstItem(doc.getOperationId) }));
  const { registry, document: generate } = createOpenApi({
    title: 'Sluice query API',
    version: '1.0.0',
    description:
      'Reads from the Elasticsearch projections. Paging with `cursor` (search_after on the sort key plus id): with an immutable sort key ' +
      '(placedAt, name, sku) every document that matches throughout the walk appears exactly once.',
  });
  for (const r of [...lists, ...reports]) {
    registry.registerPath({
      method: 'get', path: r.path, operationId: r.operationId, summary: r.summary, tags: ['queries'],
      request: { query: r.query as never, headers: minPositionHeader },
      responses: { 200: { description: 'OK', content: { 'application/json': { schema: r.body } }, ...(r.links ? { links: r.links } : {}) }, ...errorResponses(errors, descriptions) },
    });
  }
  // The event-built order timeline: read-your-writes as every read (its progress: projector/progress/eventTracker.ts).
  registry.registerPath({
    method: 'get', path: '/order-timelines', operationId: 'searchOrderTimelines', summary: "Orders' domain events in order; filters status, customerId, cancelledAfterPayment, eventType, placed and placed-to-shipped ranges; facets status and eventTypes", tags: ['queries'],
    request: { query: timelineSearchSchema as never, headers: minPositionHeader },
    responses: { 200: { description: 'OK', content: { 'application/json': { schema: list } }, links: firstItem('getOrderTimeline') }, ...errorResponses(errors, descriptions) },
  });
  registry.registerPath({
    method: 'get', path: '/order-timelines/{id}', operationId: 'getOrderTimeline', summary: "One order's timeline", tags: ['queries'],
    request: { params: z.object({ id: z.uuid() }), query: byIdSchema, headers: minPositionHeader },
    responses: { 200: { description: 'OK', content: { 'application/json': { schema: document } } }, ...errorResponses([...errors, 404], { ...descriptions, 404: 'No timeline for this order' }) },
  });
  for (const { name, doc } of slices) {
    registry.registerPath({
      method: 'get', path: `/${name}/{id}`, operationId: doc.getOperationId, summary: doc.getSummary, tags: ['queries'],
      request: { params: z.object({ id: doc.id }), query: byIdSchema, headers: minPositionHeader },
      responses: { 200: { description: 'OK', content: { 'application/json': { schema: document } } }, ...errorResponses([...errors, 404], { ...descriptions, 404: 'No such document' }) },
    });
  }
  return generate();
}
