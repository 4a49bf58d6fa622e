// Where a hydrate round writes: the index behind the read alias and, while a rebuild runs, the index behind the
// rebuild alias too (dual write). Resolved once per round, AFTER the round's snapshot was taken: that ordering is
// what closes the gap between a rebuild's snapshot and the stream (docs/rebuild.md, "no gap"). Writes go through
// the alias names with require_alias, so an index that vanished is an error to retry, never auto-created.
//
// An index whose live mapping differs from the code is never written: it would reject documents of the new shape
// (dynamic: strict), or hold documents of the wrong shape. Its projection is frozen until `sluice rebuild` (with
// `--version` when the declaration was not bumped: frozen.ts) swaps in an index built from the code.
import type { Projection } from '../../model/projections/declaration.js';
import { indexMapping } from '../../model/projections/mapping.js';
import { describeDiff, diffMappings, isSameMapping } from '../../model/projections/mappingDiff.js';
import { unfreezeCommand } from '../../model/frozen.js';

export interface TargetDeps {
  /** alias -> index, for the aliases that exist. */
  resolve: (aliases: readonly string[]) => Promise<Map<string, string>>;
  mappingOf: (index: string) => Promise<unknown>;
  names: (projection: Projection) => { alias: string; rebuildAlias: string };
  /** Told once per index that is skipped because its mapping is not the code's. */
  onMismatch?: (projection: Projection, index: string, message: string) => void;
  /**
   * Told every round whether the projection is frozen: its live index exists and is not written (mapping differs),
   * with that index and the difference; undefined when it is written. Every round, not once, so that the state
   * clears as soon as a rebuild swapped in an index with the right mapping.
   */
  onFrozen?: (projection: Projection, frozen: { index: string; difference: string; declared: number } | undefined) => void;
}

/** The write aliases of one round, in order: live first. */
export type TargetResolver = (projection: Projection) => Promise<string[]>;

export const rebuildHint = (projection: Projection, index: string, diff: string): string =>
  `projection ${projection.name}: index ${index} has a different mapping from the code (${diff}); ` +
  `its documents are not updated until you run \`${unfreezeCommand(projection.name, { index, declared: projection.version })}\``;

export function createTargetResolver(deps: TargetDeps): TargetResolver {
  // Mappings are immutable per index name here (dynamic: strict, versions are new indexes), so cache by name.
  // The verdict is the difference as words: empty when the index has the code's mapping.
  const verdicts = new Map<string, Promise<string>>();
  const differenceOf = (projection: Projection, index: string): Promise<string> => {
    const key = `${projection.name}\u0000${index}`;
    let verdict = verdicts.get(key);
    if (!verdict) {
      verdict = deps.mappingOf(index).then((live) => {
        const diff = diffMappings(live, indexMapping(projection));
        if (isSameMapping(diff)) return '';
        deps.onMismatch?.(projection, index, rebuildHint(projection, index, describeDiff(diff)));
        return describeDiff(diff);
      });
      verdict.catch(() => verdicts.delete(key));
      verdicts.set(key, verdict);
    }
    return verdict;
  };
  return async (projection) => {
    const { alias, rebuildAlias } = deps.names(projection);
    const found = await deps.resolve([alias, rebuildAlias]);
    const out: string[] = [];
    const live = found.get(alias);
    const building = found.get(rebuildAlias);
    const difference = live === undefined ? '' : await differenceOf(projection, live);
    if (live !== undefined && difference === '') out.push(alias);
    deps.onFrozen?.(projection, live !== undefined && difference !== '' ? { index: live, difference, declared: projection.version } : undefined);
    // Right after a swap both names could briefly mean one index: write it once.
    if (building && building !== live && (await differenceOf(projection, building)) === '') out.push(rebuildAlias);
    return out;
  };
}
