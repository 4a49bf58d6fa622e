// Routes derived from a declaration: which marks are accepted, the query-string schema they give, the Elasticsearch
// request they build, and a valid OpenAPI document for a projection declared only in a test.
import { Validator } from '@seriousme/openapi-schema-validator';
import type { QueryMarks } from '../../../model/projections/declaration.js';
import { deliveriesProjection, registeredProjections as projections, withMarks } from '../../../testkit/queryDeclarations.js';
import { createQueryOpenApi } from '../openapi.js';
import { sliceOf } from './routes.js';
import { deriveQuery } from './fields.js';
import { buildDerivedSearch, derivedSchema } from './search.js';

const d = deriveQuery(deliveriesProjection);
const schema = derivedSchema(d);
const build = buildDerivedSearch(d);
const parse = (query: Record<string, string>) => schema.parse(query);

describe('deriving the query fields from the marks', () => {
  it('names nested paths in camelCase and filters, sorts and facets `search` fields on their keyword subfield', () => {
    expect(d.filters.map((f) => [f.param, f.kind, f.exact])).toEqual([
      ['carrier', 'keyword', 'carrier'],
      ['orderStatus', 'keyword', 'order.status'],
      ['orderTotalCents', 'integer', 'order.totalCents'],
      ['shippedAt', 'date', 'shippedAt'],
      ['orderCustomerCity', 'search', 'order.customer.city.keyword'],
      ['categories', 'keyword', 'categories'],
    ]);
    expect(d.sorts.map((s) => s.exact)).toEqual(['shippedAt', 'order.totalCents', 'order.customer.name.keyword', 'id']);
    expect(d.searchable.map((f) => f.path)).toEqual(['trackingNumber', 'order.customer.name', 'order.note']);
    expect(d.defaultSort).toBe('shippedAt:desc');
  });

  it('serves every registered declaration', () => {
    for (const p of projections) expect(() => deriveQuery(p)).not.toThrow();
  });

  it('defaults to the first sortable field ascending, or id', () => {
    expect(deriveQuery(withMarks({ sortable: ['size'] })).defaultSort).toBe('size:asc');
    expect(deriveQuery(withMarks({})).defaultSort).toBe('id:asc');
  });

  it.each<[QueryMarks, RegExp]>([
    [{ filterable: ['missing'] }, /things: query mark missing names no declared field/],
    [{ sortable: ['note'] }, /note \(text\) cannot be sortable/],
    [{ filterable: ['spot'] }, /spot has a type the derived routes cannot query/],
    [{ filterable: ['size'] }, /two query parameters are named size/],
    [{ sortable: ['id'], defaultSort: 'note:asc' }, /defaultSort note:asc is not/],
    [{ searchable: ['id.more'] }, /id.more goes past a value/],
    [{ sortable: ['lines.id'] }, /lines.id is inside `many` \(nested documents\): it can be filterable, facetable or searchable, not sortable/],
    [{ sortable: ['size:up'] }, /sortable size:up is not <field> or <field>:asc\|desc/],
    [{ sortable: ['size:desc'], defaultSort: 'size:asc' }, /defaultSort size:asc is not/],
    [{ sortable: ['size', 'size:asc'] }, /sort size:asc is marked twice/],
    [{ filterable: [{ path: 'size', flag: 'positive' }] }, /flag of size needs a integer field, not keyword/],
    [{ filterable: [{ path: 'note', param: 'n' }] }, /note \(text\) cannot be filterable/],
    [{ filterable: [{ path: 'size', param: 'sort' }] }, /two query parameters are named sort/],
  ])('refuses %j', (marks, message) => {
    expect(() => deriveQuery(withMarks(marks))).toThrow(message);
  });
});

describe('the query-string schema', () => {
  it('takes an exact value, range bounds per type, q, sort, size and cursor, with defaults', () => {
    expect(parse({})).toMatchObject({ size: 20, sort: 'shippedAt:desc', waitMs: 5000 });
    expect(parse({ orderStatus: 'paid', minOrderTotalCents: '-5', maxOrderTotalCents: '900', shippedAtFrom: '2026-01-01T00:00:00Z', sort: 'orderCustomerName:asc' })).toMatchObject({
      orderStatus: 'paid', minOrderTotalCents: -5, maxOrderTotalCents: 900, shippedAtFrom: '2026-01-01T00:00:00Z', sort: 'orderCustomerName:asc',
    });
  });

  it.each([
    ['unknown parameter', { aggs: 'x' }, ''],
    ['number as text', { minOrderTotalCents: '1e9' }, 'minOrderTotalCents'],
    ['not a date', { shippedAtTo: 'yesterday' }, 'shippedAtTo'],
    ['sort not allowlisted', { sort: 'trackingNumber:asc' }, 'sort'],
    ['control character', { carrier: 'dh\u0000l' }, 'carrier'],
    ['range on a keyword', { minCarrier: 'a' }, ''],
  ])('refuses %s', (_why, query, field) => {
    const result = schema.safeParse(query);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join('.') ?? '').toBe(field);
  });
});

describe('the Elasticsearch request', () => {
  it('filters with terms and ranges, searches q over the searchable fields, aggregates facets, and sorts with id last', () => {
    const body = build(parse({ q: 'ada', carrier: 'dhl', orderCustomerCity: 'Paris', minOrderTotalCents: '100', shippedAtFrom: '2026-01-01T00:00:00Z', shippedAtTo: '2026-02-01T00:00:00Z', size: '5' }), ['2026-01-05T00:00:00.000Z', 'x']);
    expect(body).toMatchObject({
      size: 5,
      query: {
        bool: {
          filter: [
            { term: { carrier: 'dhl' } },
            { range: { 'order.totalCents': { gte: 100 } } },
            { range: { shippedAt: { gte: '2026-01-01T00:00:00Z', lt: '2026-02-01T00:00:00Z' } } },
            { term: { 'order.customer.city.keyword': 'Paris' } },
          ],
          must: [{ simple_query_string: { query: 'ada', fields: ['trackingNumber', 'order.customer.name', 'order.note'] } }],
        },
      },
      sort: [{ shippedAt: { order: 'desc' } }, { id: { order: 'asc' } }],
      search_after: ['2026-01-05T00:00:00.000Z', 'x'],
      aggs: { carrier: { terms: { field: 'carrier', size: 50 } }, orderCustomerCity: { terms: { field: 'order.customer.city.keyword', size: 50 } }, categories: { terms: { field: 'categories', size: 50 } } },
    });
  });

  it('has no filter and no must without parameters', () => {
    expect(build(parse({}))).toMatchObject({ query: { bool: { filter: [] } } });
    expect((build(parse({})) as { query: { bool: object } }).query.bool).not.toHaveProperty('must');
  });
});

describe('marks that say more than a path', () => {
  const things = (query: QueryMarks) => {
    const t = deriveQuery(withMarks(query));
    return { schema: derivedSchema(t), build: buildDerivedSearch(t) };
  };

  it('names a filter, restricts its values and sizes its facet by them', () => {
    const { schema, build } = things({ filterable: [{ path: 'size', param: 'fit', values: ['s', 'm'] }], facetable: [{ path: 'size', param: 'fits' }] });
    expect(schema.safeParse({ fit: 'xl' }).success).toBe(false);
    expect(build(schema.parse({ fit: 'm' }))).toMatchObject({ query: { bool: { filter: [{ term: { size: 'm' } }] } }, aggs: { fits: { terms: { field: 'size', size: 2 } } } });
  });

  it('filters and searches inside `many` through nested queries, the root fields beside them', () => {
    const { schema, build } = things({ filterable: [{ path: 'lines.id', param: 'lineId' }], searchable: ['size', 'lines.id'] });
    expect(build(schema.parse({ lineId: 'l1', q: 'x' }))).toMatchObject({
      query: {
        bool: {
          filter: [{ nested: { path: 'lines', query: { term: { 'lines.id': 'l1' } } } }],
          must: [{ bool: { should: [{ simple_query_string: { fields: ['size'] } }, { nested: { path: 'lines', query: { simple_query_string: { fields: ['lines.id'] } } } }], minimum_should_match: 1 } }],
        },
      },
    });
  });

  it('facets a field inside `many` by the roots holding each value, and filters on it as well', () => {
    const { schema, build } = things({ facetable: [{ path: 'lines.id', param: 'lineId' }] });
    expect(build(schema.parse({ lineId: 'l1' }))).toMatchObject({
      query: { bool: { filter: [{ nested: { path: 'lines', query: { term: { 'lines.id': 'l1' } } } }] } },
      aggs: { lineId: { nested: { path: 'lines' }, aggs: { values: { terms: { field: 'lines.id' }, aggs: { roots: { reverse_nested: {} } } } } } },
    });
  });

  it('answers size=0 with the total and the facets only, and takes a plain date as a date bound', () => {
    const body = build(parse({ size: '0', shippedAtFrom: '2026-01-31', shippedAtTo: '2026-02-01T00:00:00Z' }));
    expect(body).toMatchObject({ size: 0, query: { bool: { filter: [{ range: { shippedAt: { gte: '2026-01-31', lt: '2026-02-01T00:00:00Z' } } }] } } });
    expect(Object.keys(body['aggs'] as object).length).toBeGreaterThan(0);
    expect(schema.safeParse({ shippedAtFrom: '2026-02-30' }).success).toBe(false);
    expect(schema.safeParse({ shippedAtFrom: '31/01/2026' }).success).toBe(false);
  });

  it('makes every facet a filter on its exact value, marked filterable or not', () => {
    const { schema, build } = things({ facetable: [{ path: 'size', param: 'tier' }] });
    expect(build(schema.parse({ tier: 'gold' }))).toMatchObject({ query: { bool: { filter: [{ term: { size: 'gold' } }] } }, aggs: { tier: { terms: { field: 'size' } } } });
  });

  it('offers the sorts in the declared order, one direction where one is named, id only when marked', () => {
    const sorts = (query: QueryMarks) => deriveQuery(withMarks(query)).sortNames;
    expect(sorts({ sortable: ['size:desc', 'id'] })).toEqual(['size:desc', 'id:asc', 'id:desc']);
    expect(sorts({ sortable: ['size'] })).toEqual(['size:asc', 'size:desc']);
    expect(sorts({})).toEqual(['id:asc', 'id:desc']);
    expect(deriveQuery(withMarks({ sortable: ['size:desc'] })).defaultSort).toBe('size:desc');
  });

  it('names the get route after the noun, takes the summary as given and checks ids as UUIDs', () => {
    const slice = sliceOf(withMarks({ noun: 'thing', summary: 'Search things', idFormat: 'uuid' }));
    expect(slice.doc).toMatchObject({ operationId: 'searchThings', getOperationId: 'getThing', getSummary: 'One thing document', summary: 'Search things' });
    expect(slice.doc.id.safeParse('not-a-uuid').success).toBe(false);
    expect(sliceOf(withMarks({})).doc).toMatchObject({ getOperationId: 'getThingsById', getSummary: 'One document of things' });
  });
});

it('refuses a projection whose routes would shadow the reports', () => {
  expect(() => sliceOf({ ...deliveriesProjection, name: 'reports' })).toThrow(/\/reports is taken by the query API itself/);
});

describe('the OpenAPI document with a projection declared only here', () => {
  const doc = createQueryOpenApi([...projections, deliveriesProjection]) as { paths: Record<string, { get: { operationId: string; parameters: { name: string; schema: { enum?: string[] } }[] } }> };

  it('is valid OpenAPI 3 and describes the derived list and get', async () => {
    const result = await new Validator().validate(structuredClone(doc) as unknown as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    const list = doc.paths['/deliveries']!.get;
    expect(list.operationId).toBe('searchDeliveries');
    expect(list.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['q', 'carrier', 'minOrderTotalCents', 'maxOrderTotalCents', 'shippedAtFrom', 'shippedAtTo', 'orderCustomerCity', 'sort', 'cursor']));
    expect(list.parameters.find((p) => p.name === 'sort')?.schema.enum).toContain('orderTotalCents:desc');
    expect(doc.paths['/deliveries/{id}']!.get.operationId).toBe('getDeliveriesById');
  });

  it('gives the registered read models their documented parameters', () => {
    const names = (path: string) => doc.paths[path]!.get.parameters.map((p) => p.name).sort();
    expect(names('/products')).toEqual(['X-Min-Position', 'category', 'cursor', 'inStock', 'minPosition', 'q', 'size', 'sort', 'waitMs']);
  });
});
