// The console's search box: simple_query_string only (never raw DSL), at most 10 hits, over the projection
// aliases. The ops key reads a handful of summary fields (those the declarations mark for query use), not whole
// documents.
import { ServiceError } from '../../../../lib/errors.js';
import type { OpsEsClient } from './client.js';
import type { ProjectionAlias } from './indexStats.js';

export interface SearchHit {
  projection: string;
  id: string;
  score: number | null;
  summary: Record<string, unknown>;
}

export function createSearch(es: OpsEsClient, aliases: readonly ProjectionAlias[], summaryFields: readonly string[]) {
  const byAlias = new Map(aliases.map((a) => [a.alias, a.projection]));
  return async (q: string, projections: readonly string[], size: number): Promise<SearchHit[]> => {
    const targets = aliases.filter((a) => projections.includes(a.projection)).map((a) => a.alias);
    try {
      const result = await es.search<Record<string, unknown>>(
        {
          index: targets,
          size,
          ignore_unavailable: true,
          allow_no_indices: true,
          _source: [...summaryFields],
          // lenient: a word in a numeric or date field is no match rather than a 400 from Elasticsearch.
          query: { simple_query_string: { query: q, lenient: true, default_operator: 'and' } },
        },
        { requestTimeout: 3_000 },
      );
      return result.hits.hits.map((hit) => ({
        projection: byAlias.get(hit._index) ?? projectionOfIndex(hit._index, aliases),
        id: hit._id ?? '',
        score: hit._score ?? null,
        summary: hit._source ?? {},
      }));
    } catch (error) {
      throw new ServiceError('search unavailable', { cause: error });
    }
  };
}

// Hits name the concrete `<alias>_v<N>` index, not the alias that was searched.
const projectionOfIndex = (index: string, aliases: readonly ProjectionAlias[]): string =>
  aliases.find((a) => index.startsWith(`${a.alias}_v`))?.projection ?? index;
