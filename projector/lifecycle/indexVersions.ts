// Which version a rebuild builds and which old versions it retires: the two decisions of `sluice rebuild` that
// are rules rather than I/O, kept pure so they are tested on their own (rebuildIndex.ts does the Elasticsearch side).
//
// A rebuild builds the version declared in code: `orders` declared version 3 builds `orders_v3`, so an index name
// always says which declaration built it. The declared `version` is what the code says the mapping is (bump it
// with every mapping change). A name is never reused: a version is a new index, and one that exists already holds
// what that declaration built. So a rebuild whose declared version exists (live or kept) is refused, and says the
// two ways forward: bump `version` (the usual way, after a mapping change), or ask for a repair explicitly with
// `--version <n>` above every existing version, which builds the same declaration into a new index. A declared
// version below the highest existing one (code older than the cluster) is refused too: versions above the live one
// are what an interrupted rebuild leaves, and are deleted as such. `existing` is what stays: the live version and
// older ones, not the leftovers of an interrupted run, which the rebuild deletes before it starts over.

export interface VersionRequest {
  /** The projection's name, as the command takes it (`orders`). */
  projection: string;
  /** `<prefix><name>_v`: the index name without its number. */
  versionPrefix: string;
  /** The version the declaration in code states. */
  declared: number;
  /** `--version <n>`: an explicit repair into a new index; undefined builds the declared version. */
  requested?: number | undefined;
  /** The command the ways forward are named with (`sluice rebuild orders`). */
  command: string;
}

export type VersionChoice = { version: number; repair: boolean; refused?: undefined } | { refused: string; version?: undefined };

/** The version a rebuild builds, or the sentence that refuses it. */
export function rebuildVersion(r: VersionRequest, existing: readonly number[]): VersionChoice {
  const highest = Math.max(0, ...existing);
  const next = highest + 1;
  const index = (v: number) => `${r.versionPrefix}${v}`;
  const repair = `pass --version <n> with n above ${highest} (\`${r.command} --version ${next}\`) to rebuild the same declaration into a new index (a data repair)`;
  if (r.requested !== undefined) {
    const n = r.requested;
    if (!Number.isInteger(n) || n < 1) return { refused: `--version must be a whole number above 0, not ${String(n)}` };
    if (existing.includes(n)) return { refused: `${index(n)} already exists and is never rebuilt in place; pass --version <n> with n above ${highest} (\`${r.command} --version ${next}\`)` };
    if (n <= highest) return { refused: `--version ${n} is not above the highest existing version ${index(highest)}; pass --version <n> with n above ${highest} (\`${r.command} --version ${next}\`)` };
    return { version: n, repair: n !== r.declared };
  }
  const bump = `bump \`version\` in the declaration of ${r.projection} to ${next} or more (the usual way after a mapping change) and run \`${r.command}\` again`;
  if (existing.includes(r.declared)) {
    return { refused: `${index(r.declared)} already exists: a rebuild builds the version declared in code (${r.declared}) into a new index, never into one that exists. Either ${bump}, or ${repair}` };
  }
  if (r.declared < highest) {
    return { refused: `the declaration of ${r.projection} says version ${r.declared}, older than the existing ${index(highest)} (code older than the cluster?). Either ${bump}, or ${repair}` };
  }
  return { version: Math.max(1, r.declared), repair: false };
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
