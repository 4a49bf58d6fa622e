// The product document: catalogue data, stock, and sales over paid or shipped orders. An order's status change
// dirties every product on it.
import { aggregate, column, defineProjection, hop } from '../define.js';
import { countsAsRevenue, revenueReads } from '../revenue.js';

const sales = [hop('order_lines', 'product_id', 'id'), hop('orders', 'id', 'order_id')] as const;
/** Sales are kept in summary rows, one share per order line (docs/design.md decision 11). */
const incremental = { rowKey: ['order_id', 'product_id'] } as const;

export const productsProjection = defineProjection({
  name: 'products',
  version: 1,
  root: { table: 'products', key: 'id' },
  fields: {
    id: column('id', 'keyword'),
    sku: column('sku', 'keyword'),
    name: column('name', 'search'),
    category: column('category', 'keyword'),
    priceCents: column('price_cents', 'long'),
    stock: column('stock', 'integer'),
    unitsSold: aggregate(sales, 'long', [['quantity'], revenueReads], ([l, o]) => `coalesce(sum(${l}.quantity) FILTER (WHERE ${countsAsRevenue(o!)}), 0)`, { incremental }),
    revenueCents: aggregate(
      sales,
      'long',
      [['quantity', 'unit_price_cents'], revenueReads],
      ([l, o]) => `coalesce(sum(${l}.quantity * ${l}.unit_price_cents) FILTER (WHERE ${countsAsRevenue(o!)}), 0)`,
      { incremental },
    ),
    version: column('version', 'integer'),
  },
  // GET /products and GET /products/{id} (README.md); the ops search shows the marked paths.
  query: {
    filterable: ['category', { path: 'stock', param: 'inStock', flag: 'positive' }],
    sortable: ['name', 'sku', 'priceCents', 'revenueCents:desc', 'unitsSold:desc'],
    facetable: ['category'],
    searchable: ['name', 'sku', 'category'],
    defaultSort: 'name:asc',
    noun: 'product',
    summary: 'Search products; facet category',
    idFormat: 'uuid',
  },
});
