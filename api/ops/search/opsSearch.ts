// The console's search box, without Elasticsearch: what it takes (the query string), what it asks per projection and
// what a hit shows. Each projection is searched on its own, through the same bounded text query as the query API
// (lib/textQuery.ts: simple_query_string, cheap operators only) over its searchable paths that are not personal, plus
// an exact match on the document id; hits show the id and the non-personal summary paths (model/projections/define.ts
// opsView). So the ops scope finds and reads no names or emails: a customer is found by id or city, an order by id.
// The adapter (adapters/elasticsearch/search.ts) runs it with a server-side timeout and at most `size` hits.
import { z } from 'zod';
import { textQuery } from '../../../lib/textQuery.js';
import { queryIntegerOr, text } from '../../http/fieldRules.js';

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

/** GET /ops/search's query string; the OpenAPI document is built from the same schema. */
export const searchParams = (projections: readonly string[]) =>
  z
    .object({
      q: text(200),
      projection: z.enum(['all', ...projections] as [string, ...string[]]).default('all'),
      size: queryIntegerOr(1, 10, 5),
    })
    .strict();

/** The query for one projection: the text over its open paths, or the id. */
export const opsQuery = (q: string, target: SearchTarget) => ({
  bool: { should: [{ ids: { values: [q] } }, ...(target.searchable.length > 0 ? [textQuery(q, target.searchable)] : [])], minimum_should_match: 1 },
});
