// The order document: the order, its customer, its lines with their product, payment and shipment, and derived
// item count and categories. A customer or product change reaches every order that shows it.
import { aggregate, column, computed, defineProjection, hop, many, one } from '../define.js';

/** An order's life: `pending` -> `paid` -> `shipped`, and `pending` or `paid` -> `cancelled`. */
export const ORDER_STATUSES = ['pending', 'paid', 'shipped', 'cancelled'] as const;

const lines = hop('order_lines', 'order_id', 'id');
const lineProduct = hop('products', 'id', 'product_id');

export const ordersProjection = defineProjection({
  name: 'orders',
  version: 1,
  root: { table: 'orders', key: 'id' },
  fields: {
    id: column('id', 'keyword'),
    status: column('status', 'keyword'),
    customer: one(hop('customers', 'id', 'customer_id'), {
      id: column('id', 'keyword'),
      name: column('name', 'search'),
      email: column('email', 'search'),
      city: column('city', 'search'),
      tier: column('tier', 'keyword'),
    }),
    lines: many(lines, ['product_id'], {
      productId: column('product_id', 'keyword'),
      product: one(
        lineProduct,
        { sku: column('sku', 'keyword'), name: column('name', 'search'), category: column('category', 'keyword') },
        { flatten: true },
      ),
      quantity: column('quantity', 'integer'),
      unitPriceCents: column('unit_price_cents', 'long'),
      lineTotalCents: computed('long', ['quantity', 'unit_price_cents'], (l) => `${l}.quantity * ${l}.unit_price_cents`),
    }),
    itemCount: aggregate([lines], 'integer', [['quantity']], ([l]) => `coalesce(sum(${l}.quantity), 0)`),
    categories: aggregate(
      [lines, lineProduct],
      'keyword',
      [[], ['category']],
      ([, p]) => `coalesce(json_agg(DISTINCT ${p}.category ORDER BY ${p}.category), '[]'::json)`,
      { array: true },
    ),
    totalCents: column('total_cents', 'long'),
    placedAt: column('placed_at', 'date'),
    paidAt: column('paid_at', 'date'),
    shippedAt: column('shipped_at', 'date'),
    cancelledAt: column('cancelled_at', 'date'),
    cancelReason: column('cancel_reason', 'text'),
    payment: one(hop('payments', 'order_id', 'id'), {
      id: column('id', 'keyword'),
      amountCents: column('amount_cents', 'long'),
      method: column('method', 'keyword'),
      paidAt: column('paid_at', 'date'),
    }),
    shipment: one(hop('shipments', 'order_id', 'id'), {
      id: column('id', 'keyword'),
      carrier: column('carrier', 'keyword'),
      trackingNumber: column('tracking_number', 'keyword'),
      shippedAt: column('shipped_at', 'date'),
    }),
    note: column('note', 'text'),
    version: column('version', 'integer'),
  },
  // GET /orders and GET /orders/{id} (README.md): `q` and `productId` reach into the nested lines; the ops search
  // shows the marked paths outside them.
  query: {
    filterable: [
      { path: 'status', values: ORDER_STATUSES },
      { path: 'customer.id', format: 'uuid' },
      { path: 'lines.productId', param: 'productId', format: 'uuid' },
      { path: 'categories', param: 'category' },
      { path: 'placedAt', param: 'placed' },
      { path: 'totalCents', minimum: 0 },
    ],
    sortable: ['placedAt:desc', 'placedAt:asc', 'totalCents:desc', 'totalCents:asc', 'itemCount:desc', 'itemCount:asc'],
    facetable: ['status', { path: 'categories', param: 'category' }],
    searchable: ['customer.name', 'customer.email', 'lines.name', 'lines.sku'],
    defaultSort: 'placedAt:desc',
    personal: ['customer.name', 'customer.email'],
    noun: 'order',
    summary: 'Search orders; facets status and category',
    idFormat: 'uuid',
  },
});
