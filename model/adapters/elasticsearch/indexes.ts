// Index and alias naming, creation of the first version at start-up, and the live mapping of an index. Every
// projection lives in `<name>_v<N>` behind the read alias `<name>`; during a rebuild the write alias
// `<name>_rebuild` marks the version being built (projector/lifecycle/rebuild.ts).
import type { Projection } from '../../projections/declaration.js';
import { indexMapping } from '../../projections/mapping.js';
import { GC_DELETES } from '../../bulk/versioning.js';
import { indexNames, type IndexNames } from '../../../lib/names.js';
import { esReplicas } from '../../../lib/replication.js';
import type { EsClient } from './client.js';

/** Settings of a serving index: refreshed every second, tombstones kept for GC_DELETES (versioning.ts), ES_REPLICAS replicas. */
export const servingSettings = { number_of_replicas: esReplicas(), gc_deletes: GC_DELETES, refresh_interval: '1s' };

const alreadyExists = (error: unknown): boolean =>
  (error as { body?: { error?: { type?: string } } }).body?.error?.type === 'resource_already_exists_exception';

export async function createVersionIndex(client: EsClient, projection: Projection, index: string, settings: Record<string, unknown>): Promise<void> {
  await client.indices
    .create({ index, settings: { index: { number_of_shards: 1, ...settings } }, mappings: indexMapping(projection) as never })
    .catch((error: unknown) => {
      if (!alreadyExists(error)) throw error;
    });
}

/** Creates the first version and its alias when the projection has never been deployed; never touches a live one. */
export async function ensureIndex(client: EsClient, projection: Projection, prefix = ''): Promise<IndexNames> {
  const names = indexNames(projection, prefix);
  if (await client.indices.existsAlias({ name: names.alias })) return names;
  await createVersionIndex(client, projection, names.index, servingSettings);
  await client.indices.putAlias({ index: names.index, name: names.alias });
  return names;
}

export async function liveMapping(client: EsClient, index: string): Promise<unknown> {
  const live = await client.indices.getMapping({ index });
  return live[index]?.mappings ?? {};
}

/** The version numbers of `<prefix><name>_v<N>` indexes that exist, ascending. */
export async function versionsOf(client: EsClient, names: IndexNames): Promise<number[]> {
  const rows = await client.cat.indices({ index: `${names.versionPrefix}*`, format: 'json', h: 'index' }, { ignore: [404] });
  const list = Array.isArray(rows) ? rows : [];
  return list
    .map((r) => (r.index ?? '').slice(names.versionPrefix.length))
    .filter((v) => /^\d+$/.test(v))
    .map(Number)
    .sort((a, b) => a - b);
}

/** Makes everything acknowledged so far on the alias searchable (hydrate/refresher.ts). */
export async function refreshAlias(client: EsClient, alias: string): Promise<void> {
  await client.indices.refresh({ index: alias, ignore_unavailable: true });
}
