// Streams every document of an index in `id` order (every projection has a keyword `id`; _id has no fielddata) with search_after (no point-in-time: it is not in every
// distribution). Used by verify; not a consistent snapshot of the index, which verify tolerates by re-checking.
import type { Doc } from '../../../model/bulk/bulkPlan.js';
import type { EsClient } from '../../../model/adapters/elasticsearch/client.js';

export async function* scanDocuments(client: EsClient, index: string, pageSize = 1000): AsyncGenerator<{ id: string; doc: Doc }> {
  let after: unknown[] | undefined;
  for (;;) {
    const page = await client.search<Doc>({ index, size: pageSize, sort: [{ id: 'asc' }], query: { match_all: {} }, ...(after ? { search_after: after as never } : {}) });
    for (const hit of page.hits.hits) if (hit._id && hit._source) yield { id: hit._id, doc: hit._source };
    const last = page.hits.hits.at(-1);
    if (!last || page.hits.hits.length < pageSize) return;
    after = last.sort as unknown[];
  }
}

export const refreshIndex = async (client: EsClient, index: string): Promise<void> => {
  await client.indices.refresh({ index });
};
