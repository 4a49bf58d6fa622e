// The customer document: profile plus aggregates over the customer's orders. Lifetime value and units purchased
// count only paid or shipped orders; units come from the lines, so a line change dirties its order's customer.
import { aggregate, column, defineProjection, hop } from '../define.js';
import { countsAsRevenue, revenueReads } from '../revenue.js';

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
    orderCount: aggregate([orders], 'integer', [[]], () => 'count(*)'),
    lifetimeValueCents: aggregate([orders], 'long', [['total_cents', ...revenueReads]], ([o]) => `coalesce(sum(${o}.total_cents) FILTER (WHERE ${countsAsRevenue(o!)}), 0)`),
    unitsPurchased: aggregate([orders, lines], 'long', [revenueReads, ['quantity']], ([o, l]) => `coalesce(sum(${l}.quantity) FILTER (WHERE ${countsAsRevenue(o!)}), 0)`),
    lastOrderAt: aggregate([orders], 'date', [['placed_at']], ([o]) => `max(${o}.placed_at)`),
    version: column('version', 'integer'),
  },
  // Served by the hand-written slice api/query/customers; the ops search shows these.
  query: {
    filterable: ['tier', 'city', 'lifetimeValueCents'],
    sortable: ['name', 'lifetimeValueCents', 'orderCount'],
    facetable: ['tier', 'city'],
    searchable: ['name', 'email', 'city'],
    defaultSort: 'name:asc',
    personal: ['name', 'email'],
  },
});
