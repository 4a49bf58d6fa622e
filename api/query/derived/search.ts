// A list route's query string and Elasticsearch request, from a checked declaration (fields.ts). Pure.
// Exact filters are `term`s on keyword and boolean fields, numbers take `min`/`max` (inclusive) and dates
// `From` (inclusive)/`To` (exclusive) as ranges, a flag tests a number for at least 1 or at most 0, `q` is one
// simple_query_string over the searchable fields, sorts are an allowlist with `id` as tiebreaker, and facets are
// terms aggregations (nested ones, counting roots, inside `many`). A field inside `many` is matched through a nested
// query on its nested documents. size=0 answers the total and the facets only.
import { z } from 'zod';
import type { SortValue } from '../cursor.js';
import { listBody, nestedTermsFacet, sortSpec, termsFacet, type Body, type SortSpec } from '../list.js';
import { bool, consistencyParams, cursor, decimal, integerAtLeast, isoDateOrTime, keyword, listSize, q, signedInteger, uuid, type ConsistencyParams } from '../params.js';
import { present, range, term, textQuery } from '../text.js';
import { filterParams, type DerivedQuery, type FilterField, type QueryField } from './fields.js';

export type DerivedParams = ConsistencyParams & { q?: string | undefined; size: number; sort: string; cursor?: string | undefined } & Record<string, unknown>;

function valueSchema(f: FilterField): z.ZodType {
  if (f.values) return z.enum(f.values);
  if (f.format === 'uuid') return uuid;
  if (f.flag) return bool;
  if (f.kind === 'integer') return f.minimum === undefined ? signedInteger : integerAtLeast(f.minimum);
  return { keyword, search: keyword, text: keyword, boolean: bool, number: decimal, date: isoDateOrTime }[f.kind];
}

/** The strict query-string schema: an unknown parameter is a 400, as on every route (params.ts). */
export function derivedSchema(d: DerivedQuery): z.ZodType<DerivedParams> {
  return z.strictObject({
    ...(d.searchable.length ? { q: q.optional() } : {}),
    ...Object.fromEntries(d.filters.flatMap((f) => filterParams(f).map((name) => [name, valueSchema(f).optional()]))),
    size: listSize,
    sort: z.enum(d.sortNames).default(d.defaultSort as never),
    cursor: cursor.optional(),
    ...consistencyParams,
  }) as unknown as z.ZodType<DerivedParams>;
}

export const derivedSort = (d: DerivedQuery) => (p: Pick<DerivedParams, 'sort'>): SortSpec => sortSpec(p.sort, Object.fromEntries(d.sorts.map((s) => [s.param, s.exact])));

const nestedIn = (f: Pick<QueryField, 'nested'>, query: Body): Body => (f.nested ? { nested: { path: f.nested, query } } : query);

function filterClause(f: FilterField, p: DerivedParams): Body | undefined {
  const value = (name: string) => p[name] as string | number | boolean | undefined;
  const cap = f.param.charAt(0).toUpperCase() + f.param.slice(1);
  const clause = (): Body | undefined => {
    if (f.flag) return value(f.param) === undefined ? undefined : value(f.param) ? range(f.path, { gte: 1 }) : range(f.path, { lte: 0 });
    if (f.kind === 'integer' || f.kind === 'number') return range(f.path, { gte: value(`min${cap}`) as number | undefined, lte: value(`max${cap}`) as number | undefined });
    if (f.kind === 'date') return range(f.path, { gte: value(`${f.param}From`) as string | undefined, lt: value(`${f.param}To`) as string | undefined });
    const exact = value(f.param) as string | boolean | undefined;
    return exact === undefined ? undefined : term(f.exact, exact);
  };
  const built = clause();
  return built && nestedIn(f, built);
}

/** `q` over the root's searchable fields and, one nested query each, over those inside `many`. */
function textClause(d: DerivedQuery, text: string): Body {
  const groups = new Map<string | undefined, string[]>();
  for (const f of d.searchable) groups.set(f.nested, [...(groups.get(f.nested) ?? []), f.path]);
  const clauses = [...groups].map(([nested, paths]) => nestedIn({ nested }, textQuery(text, paths)));
  return clauses.length === 1 ? clauses[0]! : { bool: { should: clauses, minimum_should_match: 1 } };
}

export const derivedFacetNames = (d: DerivedQuery): string[] => d.facets.map((f) => f.param);

export const buildDerivedSearch =
  (d: DerivedQuery) =>
  (p: DerivedParams, after?: readonly SortValue[]): Body =>
    listBody({
      filters: present<Body>(d.filters.map((f) => filterClause(f, p))),
      must: p.q ? [textClause(d, p.q)] : [],
      sort: derivedSort(d)(p),
      size: p.size,
      after,
      facets: Object.fromEntries(d.facets.map((f) => [f.param, f.nested ? nestedTermsFacet(f.nested, f.exact, f.size) : termsFacet(f.exact, f.size)])),
    });
