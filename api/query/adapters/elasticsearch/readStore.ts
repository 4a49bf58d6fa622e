// The ReadStore over @elastic/elasticsearch. Driver errors are translated here: unreachable, overloaded or a
// missing index is a retriable 503; a search Elasticsearch refuses as invalid or too expensive (too many clauses,
// too many buckets) is a 400 that names no internals. Partial results are refused rather than served.
import { Client, errors } from '@elastic/elasticsearch';
import { ServiceError, ValidationError } from '../../../../lib/errors.js';
import type { ProgressDoc } from '../../../../model/progress/progressDoc.js';
import type { Hit, SearchResult } from '../../list.js';
import type { SortValue } from '../../cursor.js';
import type { ReadStore } from '../../ports.js';
import { readAlias } from '../../../../lib/names.js';
import { esConnection, type EsAccess } from '../../../../lib/esAccess.js';

export interface ReadStoreSettings {
  /** Endpoint, the query user and the CA to trust. */
  es: EsAccess;
  /** Prefix of aliases and of the progress index (tests isolate with it). */
  indexPrefix: string;
  progressIndex: string;
  requestTimeoutMs: number;
  /** Sent with every search as `timeout`: Elasticsearch stops working on a search after it (default 5 s). */
  searchTimeoutMs?: number;
  /** The projections the app serves: /ready checks each one's alias. */
  projections: readonly string[];
}

export function translate(error: unknown): Error {
  if (error instanceof errors.ResponseError) {
    const status = error.statusCode ?? 500;
    const type = (error.body as { error?: { type?: string } } | undefined)?.error?.type ?? 'unknown';
    if (status === 400) return new ValidationError('the search was rejected as invalid or too expensive; narrow it', [], 'search-rejected');
    if (status === 404 && type === 'index_not_found_exception') return new ServiceError('the projection index does not exist yet', { cause: error });
    return new ServiceError(`elasticsearch answered ${status}`, { cause: error });
  }
  if (error instanceof errors.ElasticsearchClientError) return new ServiceError('elasticsearch is unreachable', { cause: error });
  return error as Error;
}

async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw translate(error);
  }
}

export function createReadStore(s: ReadStoreSettings): ReadStore {
  const client = new Client({ ...esConnection(s.es), requestTimeout: s.requestTimeoutMs, maxRetries: 0 });
  const alias = (p: string) => readAlias(p, s.indexPrefix);
  return {
    search: (projection, body) =>
      guarded(async () => {
        // The server-side timeout bounds the work in Elasticsearch, not only our wait for it (the client's
        // requestTimeout): a timed-out search is a 503, never a partial page.
        const res = await client.search({ index: alias(projection), allow_partial_search_results: false, ...(body as object), timeout: `${s.searchTimeoutMs ?? 5_000}ms` });
        if (res.timed_out) throw new ServiceError('the search timed out in elasticsearch');
        const total = res.hits.total;
        const hits: Hit[] = res.hits.hits.map((h) => ({ source: (h._source ?? {}) as Record<string, unknown>, sort: (h.sort ?? []) as SortValue[] }));
        return { total: typeof total === 'number' ? total : (total?.value ?? hits.length), hits, aggregations: (res.aggregations ?? {}) as Record<string, unknown> } satisfies SearchResult;
      }),
    get: (projection, id) =>
      guarded(async () => {
        const res = await client.get<Record<string, unknown>>({ index: alias(projection), id, realtime: true }, { ignore: [404] });
        return res.found ? res._source : undefined;
      }),
    progress: (projection) =>
      guarded(async () => {
        const res = await client.get<ProgressDoc>({ index: s.progressIndex, id: projection }, { ignore: [404] });
        return res.found ? res._source : undefined;
      }),
    health: async () => {
      // Reachability first, then each alias: the message names what is missing and how to fix it.
      await guarded(() => client.cluster.health({ timeout: '2s' }));
      const names = s.projections.map(alias);
      const missing = await guarded(async () => (await Promise.all(names.map(async (n) => ((await client.indices.existsAlias({ name: n })) ? '' : n)))).filter(Boolean));
      if (missing.length > 0) throw new ServiceError(`projection aliases missing: ${missing.join(', ')} (start the projector to create them)`);
    },
    close: () => client.close(),
  };
}
