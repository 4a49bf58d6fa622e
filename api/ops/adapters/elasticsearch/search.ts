// The console's search box. Each projection is searched on its own, through the same bounded text query as the
// query API (lib/textQuery.ts: simple_query_string, cheap operators only) over its searchable paths that are not
// personal, plus an exact match on the document id; hits show the id and the non-personal summary paths
// (model/projections/define.ts opsView). So the ops scope finds and reads no names or emails: a customer is
// found by id or city, an order by id. Every search carries a server-side timeout and at most `size` hits.
import { ServiceError } from '../../../../lib/errors.js';
import { textQuery } from '../../../../lib/textQuery.js';
import type { OpsEsClient } from './client.js';

export interface SearchHit {
  projection: string;
  id: string;
  score: number | null;
  summary: Record<string, unknown>;
}

export interface SearchTarget {
  projection: string;
  alias: string;
  /** Paths the text is matched against (none: the id only). */
  searchable: readonly string[];
  /** Paths a hit shows. */
  summary: readonly string[];
}

/** The query for one projection: the text over its open paths, or the id. */
export const opsQuery = (q: string, target: SearchTarget) => ({
  bool: { should: [{ ids: { values: [q] } }, ...(target.searchable.length > 0 ? [textQuery(q, target.searchable)] : [])], minimum_should_match: 1 },
});

export function createSearch(es: OpsEsClient, targets: readonly SearchTarget[], timeoutMs = 2_000) {
  const searchOne = async (target: SearchTarget, q: string, size: number): Promise<SearchHit[]> => {
    const result = await es.search<Record<string, unknown>>(
      { index: target.alias, size, ignore_unavailable: true, allow_no_indices: true, timeout: `${timeoutMs}ms`, _source: [...target.summary], query: opsQuery(q, target) },
      { requestTimeout: timeoutMs + 1_000 },
    );
    if (result.timed_out) throw new Error(`the search of ${target.alias} timed out`);
    return result.hits.hits.map((hit) => ({ projection: target.projection, id: hit._id ?? '', score: hit._score ?? null, summary: hit._source ?? {} }));
  };
  return async (q: string, projections: readonly string[], size: number): Promise<SearchHit[]> => {
    try {
      const hits = await Promise.all(targets.filter((t) => projections.includes(t.projection)).map((t) => searchOne(t, q, size)));
      return hits.flat().sort((a, b) => (b.score ?? 0) - (a.score ?? 0)).slice(0, size);
    } catch (error) {
      throw new ServiceError('search unavailable', { cause: error });
    }
  };
}
