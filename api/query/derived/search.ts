// A derived list route's query string and Elasticsearch request, from a checked declaration (fields.ts). Pure.
// Exact filters are `term`s on keyword and boolean fields, numbers take `min`/`max` (inclusive) and dates
// `From` (inclusive)/`To` (exclusive) as ranges, `q` is the same simple_query_string as every hand-written route,
// sorts are an allowlist over the sortable fields with `id` as tiebreaker, and facets are terms aggregations.
import { z } from 'zod';
import type { SortValue } from '../cursor.js';
import { listBody, sortSpec, termsFacet, type Body, type SortSpec } from '../list.js';
import { bool, consistencyParams, cursor, decimal, isoTime, keyword, pageSize, q, signedInteger, type ConsistencyParams } from '../params.js';
import { present, range, term, textQuery } from '../text.js';
import { filterParams, type DerivedQuery, type QueryField } from './fields.js';

export type DerivedParams = ConsistencyParams & { q?: string | undefined; size: number; sort: string; cursor?: string | undefined } & Record<string, unknown>;

const FACET_SIZE = 50;

function filterSchemas(f: QueryField): [string, z.ZodType][] {
  const value = { keyword: keyword, search: keyword, text: keyword, boolean: bool, integer: signedInteger, number: decimal, date: isoTime }[f.kind];
  return filterParams(f).map((name) => [name, value.optional()]);
}

export const sortNames = (d: DerivedQuery): [string, ...string[]] => {
  const [first, ...rest] = d.sorts.flatMap((s) => [`${s.param}:asc`, `${s.param}:desc`]);
  return [first ?? 'id:asc', ...rest];
};

/** The strict query-string schema: an unknown parameter is a 400, as on every route (params.ts). */
export function derivedSchema(d: DerivedQuery): z.ZodType<DerivedParams> {
  return z.strictObject({
    ...(d.searchable.length ? { q: q.optional() } : {}),
    ...Object.fromEntries(d.filters.flatMap(filterSchemas)),
    size: pageSize,
    sort: z.enum(sortNames(d)).default(d.defaultSort as never),
    cursor: cursor.optional(),
    ...consistencyParams,
  }) as unknown as z.ZodType<DerivedParams>;
}

export const derivedSort = (d: DerivedQuery) => (p: Pick<DerivedParams, 'sort'>): SortSpec => sortSpec(p.sort, Object.fromEntries(d.sorts.map((s) => [s.param, s.exact])));

function filterClause(f: QueryField, p: DerivedParams): Body | undefined {
  const [first = '', second = ''] = filterParams(f);
  const bound = (name: string) => p[name] as string | number | undefined;
  if (f.kind === 'integer' || f.kind === 'number') return range(f.path, { gte: bound(first), lte: bound(second) });
  if (f.kind === 'date') return range(f.path, { gte: bound(first), lt: bound(second) });
  const value = p[first] as string | boolean | undefined;
  return value === undefined ? undefined : term(f.exact, value);
}

export const derivedFacetNames = (d: DerivedQuery): string[] => d.facets.map((f) => f.param);

export const buildDerivedSearch =
  (d: DerivedQuery) =>
  (p: DerivedParams, after?: readonly SortValue[]): Body =>
    listBody({
      filters: present<Body>(d.filters.map((f) => filterClause(f, p))),
      must: p.q ? [textQuery(p.q, d.searchable)] : [],
      sort: derivedSort(d)(p),
      size: p.size,
      after,
      facets: Object.fromEntries(d.facets.map((f) => [f.param, termsFacet(f.exact, FACET_SIZE)])),
    });
