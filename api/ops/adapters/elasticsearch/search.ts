// The console's search box against Elasticsearch: each projection searched on its own with the query of
// search/opsSearch.ts (which says what may be found and shown), every search with a server-side timeout and at most
// `size` hits; a failure is a 503 (ServiceError), not a 500.
import { ServiceError } from '../../../../lib/errors.js';
import { opsQuery, type SearchHit, type SearchTarget } from '../../search/opsSearch.js';
import type { OpsEsClient } from './client.js';

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
