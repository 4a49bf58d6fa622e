// Elasticsearch clean-up for tests and benchmarks that isolate themselves with an index prefix.
import type { EsClient } from '../../projector/adapters/elasticsearch/client.js';

/** Every index of a test prefix, all versions (a rebuild creates more than v1). */
export async function deleteIndexesWithPrefix(es: EsClient, prefix: string): Promise<void> {
  const rows = await es.cat.indices({ index: `${prefix}*`, format: 'json', h: 'index' }, { ignore: [404] }).catch(() => []);
  // Wildcard deletes are refused by default (action.destructive_requires_name): name each index.
  const indices = (Array.isArray(rows) ? rows : []).map((r) => r.index).filter((i): i is string => Boolean(i));
  if (indices.length > 0) await es.indices.delete({ index: indices }, { ignore: [404] }).catch(() => undefined);
}
