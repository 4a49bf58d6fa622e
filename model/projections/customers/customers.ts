// The customer document: profile plus aggregates over the customer's orders. Lifetime value and units purchased
// count only paid or shipped orders; units come from the lines, so a line change dirties its order's customer.
import { aggregate, column, defineProjection, hop, latest } from '../define.js';
import { countsAsRevenue, revenueReads } from '../revenue.js';

export const TIERS = ['standard', 'gold', 'platinum'] as const;

const orders = hop('orders', 'customer_id', 'id');
const lines = hop('order_lines', 'order_id', 'id');

export const customersProjection = defineProjection({
  name: 'customers',
  version: 1,
  root: { table: 'customers', key: 'id' },
  fields: {
    id: column('id', 'keyword'),
    name: column('name', 'search'),
    email: column('email', 'search'),
    city: column('city', 'search'),
    tier: column('tier', 'keyword'),
    // Kept in summary rows from each change (docs/design.md decision 11): a customer's 100,000th order costs what its first did.
    orderCount: aggregate([orders], 'integer', [[]], () => 'count(*)', { incremental: true }),
    lifetimeValueCents: aggregate([orders], 'long', [['total_cents', ...revenueReads]], ([o]) => `coalesce(sum(${o}.total_cents) FILTER (WHERE ${countsAsRevenue(o!)}), 0)`, { incremental: true }),
    unitsPurchased: aggregate([orders, lines], 'long', [revenueReads, ['quantity']], ([o, l]) => `coalesce(sum(${l}.quantity) FILTER (WHERE ${countsAsRevenue(o!)}), 0)`, { incremental: true }),
    // Not incremental: a deleted latest order would need a rescan; the (customer_id, placed_at) index answers it in a few buffers.
    lastOrderAt: latest([orders], 'placed_at', 'date'),
    version: column('version', 'integer'),
  },
  // GET /customers and GET /customers/{id} (README.md); the ops search shows the marked paths but the personal ones.
  query: {
    filterable: [{ path: 'tier', values: TIERS }, 'city', { path: 'lifetimeValueCents', bounds: ['min'], minimum: 0 }],
    sortable: ['name', 'lifetimeValueCents:desc', 'lifetimeValueCents:asc', 'orderCount:desc', 'orderCount:asc'],
    facetable: ['tier', 'city'],
    searchable: ['name', 'email', 'city'],
    defaultSort: 'name:asc',
    personal: ['name', 'email'],
    noun: 'customer',
    summary: 'Search customers; facets tier and city',
    idFormat: 'uuid',
  },
});
