// The routes a projection gets from its declaration alone: GET /<name> (filters, sorts, facets and `q` from its
// query marks) and GET /<name>/:id, with the OpenAPI description of the list. Built on the same listRoute and
// getRoute as the hand-written slices, so validation, read-your-writes, paging and freshness are the same.
import type { Projection } from '../../../model/projections/declaration.js';
import { keyword } from '../params.js';
import { getRoute, listRoute, type Slice } from '../queryRoute.js';
import { deriveQuery } from './fields.js';
import { buildDerivedSearch, derivedFacetNames, derivedSchema, derivedSort } from './search.js';

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const listed = (label: string, names: readonly string[]) => (names.length ? `; ${label} ${names.join(', ')}` : '');

/** Throws, naming the projection and the path, when a query mark cannot be served (derived/fields.ts). */
export function derivedSlice(projection: Projection): Slice {
  const d = deriveQuery(projection);
  const schema = derivedSchema(d);
  const facets = derivedFacetNames(d);
  return {
    name: d.name,
    routes: (ctx) => [
      listRoute(ctx, { path: `/${d.name}`, projection: d.name, schema, sort: derivedSort(d), build: buildDerivedSearch(d), facets }),
      getRoute(ctx, `/${d.name}/:id`, d.name, keyword, `${d.name} document`),
    ],
    doc: {
      operationId: `search${capitalized(d.name)}`,
      getOperationId: `get${capitalized(d.name)}ById`,
      getSummary: `One document of ${d.name}`,
      summary: `Search ${d.name}${listed('filters', d.filters.map((f) => f.param))}${listed('facets', facets)}`,
      query: schema,
      id: keyword,
    },
  };
}
