// Given query parameters for GET /customers, when parsed and built by the query API from this declaration's marks,
// then the Elasticsearch body filters and facets the keyword fields.
import { deriveQuery } from '../../../api/query/derived/fields.js';
import { buildDerivedSearch, derivedSchema } from '../../../api/query/derived/search.js';
import { customersProjection } from './customers.js';

const d = deriveQuery(customersProjection);
const customerSearchSchema = derivedSchema(d);
const buildCustomerSearch = buildDerivedSearch(d);

describe('GET /customers parameters -> Elasticsearch body', () => {
  it('given tier, city and a minimum lifetime value, then filters on keyword fields and facets tier and city', () => {
    const body = buildCustomerSearch(customerSearchSchema.parse({ tier: 'gold', city: 'Lyon', minLifetimeValueCents: '5' }));
    expect(JSON.stringify(body)).toContain('"city.keyword":"Lyon"');
    expect(body).toMatchObject({ sort: [{ 'name.keyword': { order: 'asc' } }, { id: { order: 'asc' } }], aggs: { tier: { terms: { field: 'tier', size: 3 } }, city: { terms: { field: 'city.keyword', size: 50 } } } });
  });

  it.each([{ tier: 'silver' }, { minLifetimeValueCents: '-5' }, { maxLifetimeValueCents: '5' }, { sort: 'id:asc' }])('rejects %j', (query) =>
    expect(customerSearchSchema.safeParse(query).success).toBe(false));
});
