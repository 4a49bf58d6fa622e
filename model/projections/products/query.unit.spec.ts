// Given query parameters for GET /products, when parsed and built by the query API from this declaration's marks,
// then inStock tests the stock and only the declared sort directions are offered.
import { deriveQuery } from '../../../api/query/derived/fields.js';
import { buildDerivedSearch, derivedSchema } from '../../../api/query/derived/search.js';
import { productsProjection } from './products.js';

const d = deriveQuery(productsProjection);
const productSearchSchema = derivedSchema(d);
const buildProductSearch = buildDerivedSearch(d);

describe('GET /products parameters -> Elasticsearch body', () => {
  it('given inStock, then a stock range; given a bad boolean, then 400', () => {
    expect(JSON.stringify(buildProductSearch(productSearchSchema.parse({ inStock: 'true' })))).toContain('"stock":{"gte":1}');
    expect(JSON.stringify(buildProductSearch(productSearchSchema.parse({ inStock: 'false' })))).toContain('"stock":{"lte":0}');
    expect(productSearchSchema.safeParse({ inStock: 'yes' }).success).toBe(false);
  });

  it('offers revenue and units sold descending only', () => {
    expect(buildProductSearch(productSearchSchema.parse({ sort: 'unitsSold:desc' }))).toMatchObject({ sort: [{ unitsSold: { order: 'desc' } }, { id: { order: 'asc' } }] });
    expect(productSearchSchema.safeParse({ sort: 'revenueCents:asc' }).success).toBe(false);
  });
});
