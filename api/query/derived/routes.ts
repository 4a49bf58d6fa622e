// What serves one projection: GET /<name> (filters, sorts, facets and `q` from its query marks) and GET /<name>/:id,
// with the OpenAPI description of both, all from its declaration (the read model's folder in model/projections).
// One place for the app and the document. Built on listRoute and getRoute, so validation, read-your-writes, paging
// and freshness are the same on every route.
import type { Projection } from '../../../model/projections/declaration.js';
import { keyword, uuid } from '../params.js';
import { getRoute, listRoute, type Slice } from '../queryRoute.js';
import { deriveQuery } from './fields.js';
import { buildDerivedSearch, derivedFacetNames, derivedSchema, derivedSort } from './search.js';

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const listed = (label: string, names: readonly string[]) => (names.length ? `; ${label} ${names.join(', ')}` : '');

// First path segments the app serves otherwise: a projection by one of these names would shadow them.
const TAKEN = ['reports', 'health', 'ready', 'metrics', 'openapi.json'];

/** Throws, naming the projection and the path, when its name is taken or a query mark cannot be served (fields.ts). */
export function sliceOf(projection: Projection): Slice {
  if (TAKEN.includes(projection.name)) throw new Error(`projection ${projection.name}: /${projection.name} is taken by the query API itself; rename the projection`);
  const d = deriveQuery(projection);
  const { noun, summary, idFormat } = projection.query ?? {};
  const schema = derivedSchema(d);
  const facets = derivedFacetNames(d);
  const id = idFormat === 'uuid' ? uuid : keyword;
  return {
    name: d.name,
    routes: (ctx) => [
      listRoute(ctx, { path: `/${d.name}`, projection: d.name, schema, sort: derivedSort(d), build: buildDerivedSearch(d), facets }),
      getRoute(ctx, `/${d.name}/:id`, d.name, id, noun ?? `${d.name} document`),
    ],
    doc: {
      operationId: `search${capitalized(d.name)}`,
      getOperationId: noun ? `get${capitalized(noun)}` : `get${capitalized(d.name)}ById`,
      getSummary: noun ? `One ${noun} document` : `One document of ${d.name}`,
      summary: summary ?? `Search ${d.name}${listed('filters', d.filters.map((f) => f.param))}${listed('facets', facets)}`,
      query: schema,
      id,
    },
  };
}
