// The start-up mapping check (docs/design.md decision 8): for each projection, compare the live mapping of the
// index its alias points at with the mapping the code derives, and name the fix when they differ.
import { resolveAliases } from '../../model/adapters/elasticsearch/aliases.js';
import type { EsClient } from '../../model/adapters/elasticsearch/client.js';
import { liveMapping } from '../../model/adapters/elasticsearch/indexes.js';
import type { Projection } from '../../model/projections/declaration.js';
import { indexMapping } from '../../model/projections/mapping.js';
import { describeDiff, diffMappings, isSameMapping, updatableInPlace, type MappingDiff } from '../../model/projections/mappingDiff.js';
import { rebuildHint } from '../hydrate/targets.js';
import { indexNames } from '../../lib/names.js';

export interface MappingStatus {
  projection: string;
  alias: string;
  /** The index behind the alias; undefined when the projection has no alias yet. */
  index: string | undefined;
  /** The version the declaration in code states (what the fix is named after). */
  declared: number;
  matches: boolean;
  diff: MappingDiff;
  /** Empty when the mapping matches; otherwise the sentence for the operator, fix included. */
  message: string;
}

export async function checkLiveMapping(es: EsClient, projection: Projection, prefix = ''): Promise<MappingStatus> {
  const { alias } = indexNames(projection, prefix);
  const index = (await resolveAliases(es, [alias])).get(alias);
  const empty: MappingDiff = { added: [], removed: [], changed: [] };
  if (!index) return { projection: projection.name, alias, index, declared: projection.version, matches: true, diff: empty, message: '' };
  const declared = indexMapping(projection);
  let live = await liveMapping(es, index);
  // An index from before integer fields were mapped with `coerce: false` is brought in line where it stands.
  if (updatableInPlace(live, declared)) {
    await es.indices.putMapping({ index, properties: (declared as { properties: Record<string, never> }).properties });
    live = await liveMapping(es, index);
  }
  const diff = diffMappings(live, declared);
  const matches = isSameMapping(diff);
  return { projection: projection.name, alias, index, declared: projection.version, matches, diff, message: matches ? '' : rebuildHint(projection, index, describeDiff(diff)) };
}
