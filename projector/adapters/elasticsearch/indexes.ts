// Creates `<name>_v<N>` from the mapping in code and points the alias `<name>` at it, at start-up. A live index
// whose mapping differs from the code fails start-up with the fix named: mappings only change with a new version.
import { ConfigError } from '../../../lib/errors.js';
import type { Projection } from '../../projections/define.js';
import { indexMapping } from '../../projections/mapping.js';
import { GC_DELETES } from '../../hydrate/versioning.js';
import type { EsClient } from './client.js';

export interface IndexNames {
  alias: string;
  index: string;
}

export const indexNames = (projection: Projection, prefix = ''): IndexNames => ({
  alias: `${prefix}${projection.name}`,
  index: `${prefix}${projection.name}_v${projection.version}`,
});

const settings = { number_of_shards: 1, number_of_replicas: 0, gc_deletes: GC_DELETES, refresh_interval: '1s' };

async function checkMapping(client: EsClient, projection: Projection, index: string): Promise<void> {
  const live = await client.indices.getMapping({ index });
  const expected = JSON.stringify(indexMapping(projection));
  const actual = JSON.stringify(live[index]?.mappings ?? {});
  // Elasticsearch echoes the mapping back in the same shape but may reorder keys: compare canonically.
  if (canonical(JSON.parse(actual)) !== canonical(JSON.parse(expected))) {
    throw new ConfigError(`index ${index} has a different mapping than projection ${projection.name}: bump the projection version and rebuild`);
  }
}

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );

export async function ensureIndex(client: EsClient, projection: Projection, prefix = ''): Promise<IndexNames> {
  const names = indexNames(projection, prefix);
  if (await client.indices.exists({ index: names.index })) {
    await checkMapping(client, projection, names.index);
  } else {
    await client.indices
      .create({ index: names.index, settings: { index: settings }, mappings: indexMapping(projection) as never })
      .catch((error: unknown) => {
        if ((error as { body?: { error?: { type?: string } } }).body?.error?.type !== 'resource_already_exists_exception') throw error;
      });
  }
  if (!(await client.indices.existsAlias({ name: names.alias }))) {
    await client.indices.putAlias({ index: names.index, name: names.alias });
  }
  return names;
}
