// The Elasticsearch side of a rebuild: clear what an interrupted run left, create the next version tuned for
// bulk loading and register it as the rebuild target, restore serving settings, swap, and retire old versions.
import { resolveAliases, updateAliases, type AliasAction } from '../../model/adapters/elasticsearch/aliases.js';
import type { EsClient } from '../../model/adapters/elasticsearch/client.js';
import { createVersionIndex, servingSettings, versionsOf } from '../../model/adapters/elasticsearch/indexes.js';
import type { Projection } from '../../model/projections/declaration.js';
import { rebuildVersion, versionsToRetire } from './indexVersions.js';
import type { IndexNames } from '../../lib/names.js';

/**
 * Bulk-load settings: no refresh and no replicas while loading (a replica would index every document twice).
 * gc_deletes is long because the load sends bodies from one snapshot for as long as it runs: a live delete's
 * tombstone must outlive the load, or a late snapshot body could resurrect the document (versioning.ts).
 */
export const bulkLoadSettings = { refresh_interval: '-1', number_of_replicas: 0, gc_deletes: '7d' };

export interface RebuildTarget {
  /** The index the read alias points at now; undefined for a projection never deployed. */
  live: string | undefined;
  target: string;
  version: number;
  /** The version the declaration in code states. */
  declared: number;
  /** Built on request (`--version`) into a number other than the declared one: a repair of the same declaration. */
  repair: boolean;
  /** Half-built indexes of interrupted runs that were deleted first. */
  cleared: string[];
}

const versionOf = (names: IndexNames, index: string | undefined): number =>
  index?.startsWith(names.versionPrefix) ? Number(index.slice(names.versionPrefix.length)) || 0 : 0;

/** Deletes every version newer than the live one: only an interrupted rebuild creates those. */
export async function clearInterrupted(es: EsClient, names: IndexNames): Promise<string[]> {
  const found = await resolveAliases(es, [names.alias, names.rebuildAlias]);
  const liveVersion = versionOf(names, found.get(names.alias));
  const stale = (await versionsOf(es, names)).filter((v) => v > liveVersion).map((v) => `${names.versionPrefix}${v}`);
  const building = found.get(names.rebuildAlias);
  if (building) await updateAliases(es, [{ remove: { index: building, alias: names.rebuildAlias } }]);
  if (stale.length > 0) await es.indices.delete({ index: stale }, { ignore: [404] });
  return stale;
}

/** A rebuild that would reuse an index name, or build below the versions that exist; nothing was changed. */
export class RebuildRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RebuildRefused';
  }
}

export interface TargetRequest {
  /** `--version <n>`: build this version instead of the declared one (a repair into a new index). */
  version?: number | undefined;
  /** How the refusal names the command (default `sluice rebuild <name>`). */
  command?: string;
}

/**
 * Creates `<name>_v<declared>`, or `<name>_v<n>` for `--version n` (indexVersions.ts), and points the rebuild alias at
 * it. A version that exists is refused with RebuildRefused before anything changes; the leftovers of an interrupted
 * run (versions above the live one) do not count, they are deleted and built again. From the moment this returns,
 * every live hydrate round that takes its snapshot afterwards also writes to the new index (hydrate/targets.ts).
 */
export async function prepareTarget(es: EsClient, projection: Projection, names: IndexNames, request: TargetRequest = {}): Promise<RebuildTarget> {
  const liveVersion = versionOf(names, (await resolveAliases(es, [names.alias])).get(names.alias));
  const staying = (await versionsOf(es, names)).filter((v) => v <= liveVersion);
  const choice = rebuildVersion(
    { projection: projection.name, versionPrefix: names.versionPrefix, declared: projection.version, requested: request.version, command: request.command ?? `sluice rebuild ${projection.name}` },
    staying,
  );
  if (choice.refused !== undefined) throw new RebuildRefused(`rebuild of ${projection.name} refused: ${choice.refused}`);
  const cleared = await clearInterrupted(es, names);
  const live = (await resolveAliases(es, [names.alias])).get(names.alias);
  const target = `${names.versionPrefix}${choice.version}`;
  await createVersionIndex(es, projection, target, bulkLoadSettings);
  await updateAliases(es, [{ add: { index: target, alias: names.rebuildAlias } }]);
  return { live, target, version: choice.version, declared: projection.version, repair: choice.repair, cleared };
}

/** Serving settings back (replicas as the live index has them), then one refresh so everything is searchable. */
export async function restoreSettings(es: EsClient, target: string, live: string | undefined): Promise<void> {
  let replicas: unknown = servingSettings.number_of_replicas;
  if (live) {
    const current = await es.indices.getSettings({ index: live, name: 'index.number_of_replicas' });
    replicas = current[live]?.settings?.index?.number_of_replicas ?? replicas;
  }
  await es.indices.putSettings({ index: target, settings: { index: { ...servingSettings, number_of_replicas: replicas } } as never });
  await es.indices.refresh({ index: target });
}

/** One atomic `_aliases` call: readers see the old index or the new one, never neither. */
export async function swapAlias(es: EsClient, names: IndexNames, target: RebuildTarget): Promise<void> {
  const actions: AliasAction[] = [
    ...(target.live ? [{ remove: { index: target.live, alias: names.alias } }] : []),
    { add: { index: target.target, alias: names.alias } },
    { remove: { index: target.target, alias: names.rebuildAlias } },
  ];
  await updateAliases(es, actions);
}

/** Documents in an old version; refreshed first so that a last write before the swap is counted. */
async function docsIn(es: EsClient, index: string): Promise<number> {
  await es.indices.refresh({ index }, { ignore: [404] });
  return (await es.count({ index }, { ignore: [404] })).count ?? 0;
}

/**
 * Deletes old versions beyond the newest `keep` that are not live, and empty ones unless `keepEmpty`
 * (indexVersions.ts); returns what it deleted, and which of those were empty.
 */
export async function retireOld(es: EsClient, names: IndexNames, keep: number, keepEmpty = false): Promise<{ retired: string[]; empty: string[] }> {
  const live = versionOf(names, (await resolveAliases(es, [names.alias])).get(names.alias));
  const old = (await versionsOf(es, names)).filter((v) => v < live);
  const sized = await Promise.all(old.map(async (version) => ({ version, docs: keepEmpty ? 1 : await docsIn(es, `${names.versionPrefix}${version}`) })));
  const retire = versionsToRetire(sized, keep, keepEmpty);
  const index = (v: number) => `${names.versionPrefix}${v}`;
  if (retire.length > 0) await es.indices.delete({ index: retire.map(index) }, { ignore: [404] });
  return { retired: retire.map(index), empty: sized.filter((v) => v.docs === 0 && retire.includes(v.version)).map((v) => index(v.version)) };
}

/** Undoes prepareTarget after an interrupted or failed run; the read alias is never touched. */
export async function abandonTarget(es: EsClient, names: IndexNames, target: string): Promise<void> {
  await updateAliases(es, [{ remove: { index: target, alias: names.rebuildAlias } }]).catch(() => undefined);
  await es.indices.delete({ index: target }, { ignore: [404] });
}
