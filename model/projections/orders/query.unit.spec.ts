// Given query parameters for GET /orders, when parsed and built by the query API from this declaration's marks, then
// the Elasticsearch body is exactly what we mean, and hostile input never gets as far as a body.
import fc from 'fast-check';
import { deriveQuery } from '../../../api/query/derived/fields.js';
import { buildDerivedSearch, derivedSchema } from '../../../api/query/derived/search.js';
import { ordersProjection } from './orders.js';

const d = deriveQuery(ordersProjection);
const orderSearchSchema = derivedSchema(d);
const buildOrderSearch = buildDerivedSearch(d);
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
    { size: '100000' }, { size: '-1' }, { size: 'NaN' }, { size: '1e9' }, { size: '' }, { from: '9995' }, { page: '1e9' },
    { script: 'x' }, { aggs: '{}' }, { _source: 'true' }, { runtime_mappings: '{}' }, { index: 'customers' }, { preference: 'x' },
    { explain: 'true' }, { profile: 'true' }, { sort: 'id;DELETE' }, { sort: 'customer.email:asc' }, { status: 'weird' },
    { customerId: 'not-a-uuid' }, { minTotalCents: '-5' }, { minTotalCents: '1.5' }, { placedFrom: 'yesterday' },
    { q: 'x'.repeat(257) }, { q: Array.from({ length: 10_000 }, (_, i) => `t${i}`).join(' ') }, { q: ['a', 'b'] }, { waitMs: '10001' }, { waitMs: '-1' },
  ])('rejects hostile input %j', (query) => expect(parse(query).success).toBe(false));

  it('accepts any short q as literal text', () =>
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 100 }).filter((s) => s.trim().length > 0 && s.trim().split(/\s+/).length <= 32), (text) => expect(parse({ q: text }).success).toBe(true))));
});
