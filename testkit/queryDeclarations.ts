// Declarations for the query API's tests, whose own files may import no projector code: the registered list, and
// `deliveries`, declared only here and never registered in model/registry.ts, which the derived
// routes' tests (api/query/derived) serve from its declaration alone, to show a new projection needs no query API code.
import { aggregate, column, defineProjection, hop, many, one } from '../model/projections/define.js';
import type { Projection, QueryMarks } from '../model/projections/declaration.js';

export { projections as registeredProjections } from '../model/registry.js';

/** A small declaration with the given marks, and fields of the kinds the derived routes refuse (text, geo_point, many). */
export const withMarks = (query: QueryMarks): Projection =>
  defineProjection({
    name: 'things', version: 1, root: { table: 'customers', key: 'id' }, query,
    fields: {
      id: column('id', 'keyword'), note: column('name', 'text'), size: column('tier', 'keyword'), spot: column('city', 'geo_point'),
      lines: many(hop('orders', 'customer_id', 'id'), ['id'], { id: column('id', 'keyword') }),
    },
  });

const order = hop('orders', 'id', 'order_id');
const lines = hop('order_lines', 'order_id', 'id');
const lineProduct = hop('products', 'id', 'product_id');

export const deliveriesProjection = defineProjection({
  name: 'deliveries',
  version: 1,
  root: { table: 'shipments', key: 'id' },
  fields: {
    id: column('id', 'keyword'),
    carrier: column('carrier', 'keyword'),
    trackingNumber: column('tracking_number', 'keyword'),
    shippedAt: column('shipped_at', 'date'),
    order: one(order, {
      id: column('id', 'keyword'),
      status: column('status', 'keyword'),
      totalCents: column('total_cents', 'long'),
      note: column('note', 'text'),
      customer: one(hop('customers', 'id', 'customer_id'), { id: column('id', 'keyword'), name: column('name', 'search'), city: column('city', 'search') }),
    }),
    categories: aggregate([order, lines, lineProduct], 'keyword', [[], [], ['category']], ([, , p]) => `coalesce(json_agg(DISTINCT ${p}.category ORDER BY ${p}.category), '[]'::json)`, { array: true }),
  },
  query: {
    filterable: ['carrier', 'order.status', 'order.totalCents', 'shippedAt', 'order.customer.city', 'categories'],
    sortable: ['shippedAt', 'order.totalCents', 'order.customer.name', 'id'],
    facetable: ['carrier', 'order.customer.city', 'categories'],
    searchable: ['trackingNumber', 'order.customer.name', 'order.note'],
    defaultSort: 'shippedAt:desc',
  },
});

/** Parcels with their lines as nested documents: a facet and a filter inside `many`, and a date bound given as a date. */
export const parcelsProjection = defineProjection({
  name: 'parcels',
  version: 1,
  root: { table: 'shipments', key: 'id' },
  fields: {
    id: column('id', 'keyword'),
    shippedAt: column('shipped_at', 'date'),
    lines: many(hop('order_lines', 'order_id', 'order_id'), ['product_id'], { sku: column('product_id', 'keyword'), quantity: column('quantity', 'integer') }),
  },
  query: { facetable: [{ path: 'lines.sku', param: 'sku' }], filterable: ['shippedAt'], sortable: ['shippedAt'] },
});
