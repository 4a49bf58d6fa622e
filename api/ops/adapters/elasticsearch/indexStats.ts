// Index sizes of the projections, read through their aliases. `count` gives the real number of documents:
// _stats and _cat/indices count nested line items as documents of their own. The projector's progress document
// (one per projection in `<prefix>sluice_progress`) says up to when everything committed is searchable.
import type { IndexFigures } from '../../lag/sample.js';
import type { OpsEsClient } from './client.js';

export interface ProjectionAlias {
  projection: string;
  alias: string;
}

async function searchableAsOf(es: OpsEsClient, progressIndex: string, projection: string): Promise<string | null> {
  const doc = await es.get<{ asOf?: unknown }>({ index: progressIndex, id: projection }, { ignore: [404] });
  const asOf = doc.found ? doc._source?.asOf : undefined;
  return typeof asOf === 'string' ? asOf : null;
}

async function statsOf(es: OpsEsClient, progressIndex: string, { projection, alias }: ProjectionAlias): Promise<IndexFigures> {
  const stats = await es.indices.stats({ index: alias, metric: ['store', 'indexing'] }, { ignore: [404] });
  const entries = Object.entries(stats.indices ?? {});
  if (entries.length === 0) return { projection, alias, index: null, docs: 0, storeBytes: 0, indexedTotal: 0, searchableAsOf: null };
  const [{ count }, asOf] = await Promise.all([es.count({ index: alias }), searchableAsOf(es, progressIndex, projection)]);
  const sum = (pick: (s: (typeof entries)[number][1]) => number | undefined) => entries.reduce((a, [, s]) => a + (pick(s) ?? 0), 0);
  return {
    projection,
    alias,
    index: entries.map(([name]) => name).join(','),
    docs: count,
    storeBytes: sum((s) => s.primaries?.store?.size_in_bytes),
    indexedTotal: sum((s) => s.primaries?.indexing?.index_total),
    searchableAsOf: asOf,
  };
}

export const createIndexProbe = (es: OpsEsClient, aliases: readonly ProjectionAlias[], progressIndex: string) => async (): Promise<IndexFigures[]> => {
  try {
    return await Promise.all(aliases.map((a) => statsOf(es, progressIndex, a)));
  } catch (error) {
    throw new Error(`Elasticsearch unavailable: ${(error as Error).message}`, { cause: error });
  }
};

export async function pingElasticsearch(es: OpsEsClient): Promise<void> {
  // The stripped distribution has no `GET /`: cluster health is the probe that always exists.
  await es.cluster.health({ timeout: '2s' });
}
