// Which version a rebuild builds and which old versions it retires: the two decisions of `sluice rebuild` that
// are rules rather than I/O, kept pure so they are tested on their own (rebuildIndex.ts does the Elasticsearch side).
//
// The new version is max(declared, highest existing + 1). The declared `version` is what the code says the
// mapping is (bump it with every mapping change), so after a rebuild the live index is named after the code
// whenever that is possible: `orders` declared version 3 over a live `orders_v1` builds `orders_v3`. It can never
// reuse a name: a version is a new index, and reusing one that exists (or existed, as a half-built leftover) would
// write into an index with another mapping. When the declared version is already taken (a rebuild without a
// mapping change, or code behind the cluster), the next free number wins.

/** The version number of the index a rebuild creates. */
export function nextVersion(declared: number, existing: readonly number[]): number {
  return Math.max(declared, Math.max(0, ...existing) + 1);
}

export interface OldVersion {
  version: number;
  /** Documents in it; only read when empty versions may be dropped. */
  docs: number;
}

/**
 * The old versions (older than the live one) to delete after a swap: all but the newest `keep`. An empty one (0
 * documents: a projection deployed and rebuilt before anything was written) is nothing to roll back to, so it is
 * dropped and does not count towards `keep`, unless `keepEmpty` (an explicit `--keep`) says to keep what it says.
 */
export function versionsToRetire(old: readonly OldVersion[], keep: number, keepEmpty: boolean): number[] {
  const newestFirst = [...old].sort((a, b) => b.version - a.version);
  const candidates = keepEmpty ? newestFirst : newestFirst.filter((v) => v.docs > 0);
  const kept = new Set(candidates.slice(0, Math.max(0, keep)).map((v) => v.version));
  return newestFirst.filter((v) => !kept.has(v.version)).map((v) => v.version);
}
