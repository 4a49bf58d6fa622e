// Given query parameters, when parsed and built, then the Elasticsearch body is exactly what we mean, and
// hostile input never gets as far as a body.
import fc from 'fast-check';
import { customerSearchSchema, buildCustomerSearch } from './customers/search.js';
import { buildOrderSearch, orderSearchSchema } from './orders/search.js';
import { buildProductSearch, productSearchSchema } from './products/search.js';
import { buildSalesReport, salesReportOf, salesSchema, topProductsSchema, buildTopProducts } from './reports/search.js';

const id = '2f1e8a4c-0b7e-4f55-9d6a-3c2b1a0f9e8d';
const parse = (query: Record<string, unknown>) => orderSearchSchema.safeParse(query);

describe('GET /orders parameters -> Elasticsearch body', () => {
  it('given no parameters, then 20 orders newest first with a unique id tiebreaker and both facets', () => {
    const body = buildOrderSearch(orderSearchSchema.parse({}));
    expect(body).toMatchObject({ size: 20, track_total_hits: true, sort: [{ placedAt: { order: 'desc' } }, { id: { order: 'asc' } }] });
    expect(Object.keys(body['aggs'] as object)).toEqual(['status', 'category']);
    expect(body).not.toHaveProperty('search_after');
  });

  it('given every filter, then each becomes a filter clause on an allowlisted field', () => {
    const p = orderSearchSchema.parse({ status: 'paid', customerId: id, productId: id, category: 'office', placedFrom: '2026-01-01T00:00:00Z', placedTo: '2026-02-01T00:00:00Z', minTotalCents: '100', maxTotalCents: '900' });
    const filters = JSON.stringify(buildOrderSearch(p));
    for (const needle of ['"status":"paid"', `"customer.id":"${id}"`, `"lines.productId":"${id}"`, '"categories":"office"', '"placedAt":{"gte":"2026-01-01T00:00:00Z","lt":"2026-02-01T00:00:00Z"}', '"totalCents":{"gte":100,"lte":900}']) {
      expect(filters).toContain(needle);
    }
  });

  it('given q, then it is a simple_query_string over customer and nested line fields, never raw DSL', () => {
    const body = JSON.stringify(buildOrderSearch(orderSearchSchema.parse({ q: '*:* OR tenant:*' })));
    expect(body).toContain('"simple_query_string"');
    expect(body).toContain('"fields":["lines.name","lines.sku"]');
    expect(body).not.toContain('"query_string"');
    expect(body).not.toMatch(/FUZZY|SLOP|NEAR|ALL/);
  });

  it('given a cursor position, then it becomes search_after', () => {
    expect(buildOrderSearch(orderSearchSchema.parse({}), [1, 'x'])).toMatchObject({ search_after: [1, 'x'] });
  });

  it.each([
    { size: '100000' }, { size: '0' }, { size: '-1' }, { size: 'NaN' }, { size: '1e9' }, { size: '' }, { from: '9995' }, { page: '1e9' },
    { script: 'x' }, { aggs: '{}' }, { _source: 'true' }, { runtime_mappings: '{}' }, { index: 'customers' }, { preference: 'x' },
    { explain: 'true' }, { profile: 'true' }, { sort: 'id;DELETE' }, { sort: 'customer.email:asc' }, { status: 'weird' },
    { customerId: 'not-a-uuid' }, { minTotalCents: '-5' }, { minTotalCents: '1.5' }, { placedFrom: 'yesterday' },
    { q: 'x'.repeat(257) }, { q: Array.from({ length: 10_000 }, (_, i) => `t${i}`).join(' ') }, { q: ['a', 'b'] }, { waitMs: '10001' }, { waitMs: '-1' },
  ])('rejects hostile input %j', (query) => expect(parse(query).success).toBe(false));

  it('accepts any short q as literal text', () =>
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 100 }).filter((s) => s.trim().length > 0 && s.trim().split(/\s+/).length <= 32), (text) => expect(parse({ q: text }).success).toBe(true))));
});

describe('GET /customers and /products parameters -> Elasticsearch body', () => {
  it('given tier, city and a minimum lifetime value, then filters on keyword fields and facets tier and city', () => {
    const body = buildCustomerSearch(customerSearchSchema.parse({ tier: 'gold', city: 'Lyon', minLifetimeValueCents: '5' }));
    expect(JSON.stringify(body)).toContain('"city.keyword":"Lyon"');
    expect(body).toMatchObject({ sort: [{ 'name.keyword': { order: 'asc' } }, { id: { order: 'asc' } }], aggs: { tier: { terms: { field: 'tier' } }, city: { terms: { field: 'city.keyword' } } } });
  });

  it('given inStock, then a stock range; given a bad boolean, then 400', () => {
    expect(JSON.stringify(buildProductSearch(productSearchSchema.parse({ inStock: 'true' })))).toContain('"stock":{"gte":1}');
    expect(JSON.stringify(buildProductSearch(productSearchSchema.parse({ inStock: 'false' })))).toContain('"stock":{"lte":0}');
    expect(productSearchSchema.safeParse({ inStock: 'yes' }).success).toBe(false);
  });

  it('top products by units sorts on unitsSold with the id tiebreaker', () =>
    expect(buildTopProducts(topProductsSchema.parse({ by: 'units', size: '5' }))).toMatchObject({ size: 5, sort: [{ unitsSold: { order: 'desc' } }, { id: { order: 'asc' } }] }));
});

describe('GET /reports/sales', () => {
  const q = { from: '2026-01-01T00:00:00Z', to: '2026-01-08T00:00:00Z', interval: 'day' };

  it('given a week by day, then a bounded UTC date_histogram with revenue over paid and shipped orders', () => {
    const body = buildSalesReport(salesSchema.parse(q));
    expect(body).toMatchObject({ size: 0, aggs: { sales: { date_histogram: { calendar_interval: 'day', time_zone: 'UTC', min_doc_count: 0 } } } });
    expect(JSON.stringify(body)).toContain('"status":["paid","shipped"]');
  });

  it.each([{ ...q, interval: 'hour', to: '2036-01-01T00:00:00Z' }, { ...q, to: q.from }, { ...q, interval: '1s' }, { ...q, groupBy: 'customer' }, { ...q, facetSize: '1000000' }])(
    'rejects the aggregation bomb %j',
    (query) => expect(salesSchema.safeParse(query).success).toBe(false),
  );

  it('given aggregation buckets grouped by status, then buckets with revenue only from revenue statuses', () => {
    const p = salesSchema.parse({ ...q, groupBy: 'status' });
    const aggs = {
      sales: {
        buckets: [{ key: Date.parse(q.from), doc_count: 3, revenue: { cents: { value: 700 } }, groups: { buckets: [{ key: 'paid', doc_count: 2, revenue: { cents: { value: 700 } } }, { key: 'pending', doc_count: 1, revenue: { cents: { value: 0 } } }] } }],
      },
    };
    expect(salesReportOf(aggs, p)).toEqual({
      buckets: [{ start: '2026-01-01T00:00:00.000Z', orders: 3, revenueCents: 700, groups: [{ key: 'paid', orders: 2, revenueCents: 700 }, { key: 'pending', orders: 1, revenueCents: 0 }] }],
    });
  });
});
