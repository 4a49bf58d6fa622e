// Pure helpers shared by the list builders: the sort with its unique tiebreaker, search_after, facet parsing,
// and turning a search result into the list response shape.
import { encodeCursor, type SortValue } from './cursor.js';

export type Body = Record<string, unknown>;

export interface SortSpec {
  /** The `field:dir` the client asked for; cursors are bound to it. */
  name: string;
  field: string;
  order: 'asc' | 'desc';
}

/** Splits an allowlisted `field:dir` and maps the public field name to the indexed one. */
export function sortSpec(name: string, fields: Readonly<Record<string, string>>): SortSpec {
  const [publicName = '', order] = name.split(':');
  const field = fields[publicName];
  if (!field || (order !== 'asc' && order !== 'desc')) throw new Error(`sort ${name} is not allowlisted`);
  return { name, field, order };
}

export interface ListBodyInput {
  filters: Body[];
  must?: Body[];
  sort: SortSpec;
  size: number;
  after?: readonly SortValue[] | undefined;
  facets: Readonly<Record<string, Body>>;
}

export function listBody(input: ListBodyInput): Body {
  return {
    size: input.size,
    track_total_hits: true,
    query: { bool: { filter: input.filters, ...(input.must?.length ? { must: input.must } : {}) } },
    // `id` is unique per document: with it, the sort is total and search_after never skips or repeats a tie.
    sort: [{ [input.sort.field]: { order: input.sort.order } }, { id: { order: 'asc' } }],
    ...(input.after ? { search_after: [...input.after] } : {}),
    aggs: input.facets,
  };
}

export const termsFacet = (field: string, size = 20): Body => ({ terms: { field, size } });

// A facet on a field inside `many` counts root documents, not nested ones: an order with three lines of one product
// counts once. The nested aggregation reaches the values; reverse_nested counts the roots each bucket holds.
export const nestedTermsFacet = (path: string, field: string, size = 20): Body => ({
  nested: { path },
  aggs: { values: { terms: { field, size }, aggs: { roots: { reverse_nested: {} } } } },
});

export interface Hit {
  source: Record<string, unknown>;
  sort: readonly SortValue[];
}

export interface SearchResult {
  total: number;
  hits: Hit[];
  aggregations: Record<string, unknown>;
}

export interface FacetValue {
  value: string;
  count: number;
}

interface Buckets {
  buckets?: { key: unknown; doc_count: number; roots?: { doc_count: number } }[];
}

export function facetsOf(aggregations: Record<string, unknown>, names: readonly string[]): Record<string, FacetValue[]> {
  const facets: Record<string, FacetValue[]> = {};
  for (const name of names) {
    const agg = aggregations[name] as (Buckets & { values?: Buckets }) | undefined;
    const buckets = agg?.buckets ?? agg?.values?.buckets ?? [];
    facets[name] = buckets.map((b) => ({ value: String(b.key), count: b.roots?.doc_count ?? b.doc_count }));
  }
  return facets;
}

export function listPage(result: SearchResult, sort: SortSpec, size: number, facetNames: readonly string[]) {
  const last = result.hits.at(-1);
  return {
    items: result.hits.map((h) => h.source),
    total: result.total,
    cursor: last && result.hits.length === size ? encodeCursor(sort.name, last.sort) : null,
    facets: facetsOf(result.aggregations, facetNames),
  };
}
