// Streams every document of an index in `id` order (every projection has a keyword `id`; _id has no fielddata) with
// search_after (no point-in-time: it is not in every distribution), the next page requested while the caller works
// through this one. Used by verify; not a consistent snapshot of the index, which verify tolerates by re-checking.
import type { Doc } from '../../../model/bulk/bulkPlan.js';
import type { EsClient } from '../../../model/adapters/elasticsearch/client.js';

export async function* scanDocuments(client: EsClient, index: string, pageSize = 1000): AsyncGenerator<{ id: string; doc: Doc }> {
  const page = (after: unknown[] | undefined) => {
    const request = client.search<Doc>({ index, size: pageSize, sort: [{ id: 'asc' }], query: { match_all: {} }, ...(after ? { search_after: after as never } : {}) });
    // Awaited below, where a failure still throws; a caller that stops early must not leave it unhandled.
    request.catch(() => undefined);
    return request;
  };
  let pending = page(undefined);
  for (;;) {
    const hits = (await pending).hits.hits;
    const last = hits.at(-1);
    const more = last !== undefined && hits.length === pageSize;
    if (more) pending = page(last.sort as unknown[]);
    for (const hit of hits) if (hit._id && hit._source) yield { id: hit._id, doc: hit._source };
    if (!more) return;
  }
}

/** The given ids' documents, in the order given, fetched by id in real time. */
export async function* documentsByIds(client: EsClient, index: string, ids: readonly string[], pageSize = 1000): AsyncGenerator<{ id: string; doc: Doc }> {
  for (let i = 0; i < ids.length; i += pageSize) {
    const { docs } = await client.mget<Doc>({ index, ids: ids.slice(i, i + pageSize), realtime: true });
    for (const d of docs) if ('found' in d && d.found && d._source) yield { id: d._id, doc: d._source };
  }
}

export const refreshIndex = async (client: EsClient, index: string): Promise<void> => {
  await client.indices.refresh({ index });
};
