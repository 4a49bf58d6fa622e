// Given report parameters, when parsed and built, then the Elasticsearch body is exactly what we mean, and
// aggregation bombs never get as far as a body.
import { buildSalesReport, buildTopProducts, salesReportOf, salesSchema, topProductsSchema } from './search.js';

describe('GET /reports/top-products', () => {
  it('by units sorts on unitsSold with the id tiebreaker', () =>
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
