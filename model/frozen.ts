// A frozen projection: its live index has another mapping than the declaration, so the projector does not write it
// (hydrate/targets.ts) until `sluice rebuild` swaps in an index built from the code. These are the words every place
// that reports it uses (the projector's /ready and metrics, /ops/lag, `sluice lag`, the console), so an operator
// reads the same projection, difference and command wherever they look. Pure.

export interface Freeze {
  projection: string;
  /** The live index the alias points at, the one not written. */
  index: string;
  /** What differs, field by field, as projections/mappingDiff.ts describes it (`added channel`). */
  difference: string;
  /** The version the declaration in code states; absent from a projector that does not say. */
  declared?: number;
}

/** What the command depends on: the live index (its version) and the declared version. */
export interface FreezeVersions {
  index?: string | null;
  declared?: number | null;
}

/** The N of `<prefix><name>_vN`; undefined for a name without a version. */
export const indexVersion = (index: string | null | undefined): number | undefined => {
  const found = index ? /_v(\d+)$/.exec(index) : null;
  return found ? Number(found[1]) : undefined;
};

/**
 * The version a repair rebuild must name when the declared one cannot be built: the live version is taken (or the
 * code is behind it), so `sluice rebuild` would refuse (lifecycle/indexVersions.ts). Undefined when the plain
 * command works: the declaration was bumped above the live version, or the versions are not known.
 */
export function repairVersion(v: FreezeVersions = {}): number | undefined {
  const live = indexVersion(v.index);
  if (live === undefined || v.declared === undefined || v.declared === null || v.declared > live) return undefined;
  return live + 1;
}

/**
 * What unfreezes a projection (docs/rebuild.md): a rebuild builds the code's mapping and swaps the alias. When the
 * declaration was bumped that is `sluice rebuild <projection>`, which builds the declared version; when the mapping
 * changed without a bump the declared version is the live index itself, and only an explicit
 * `--version <live + 1>` builds the same declaration into a new index.
 */
export const unfreezeCommand = (projection: string, v?: FreezeVersions): string => {
  const repair = repairVersion(v);
  return `sluice rebuild ${projection}${repair === undefined ? '' : ` --version ${repair}`}`;
};

// A metric label and a console line, not a report: a long list of fields is cut, the log line keeps all of it.
const BRIEF = 160;
export const briefly = (difference: string): string => (difference.length > BRIEF ? `${difference.slice(0, BRIEF - 1)}…` : difference);

/**
 * The start-up note for a live index whose version is not the declared one although its mapping is the code's (a
 * bump without a mapping change, or code older than the cluster): it is written, so nothing is frozen, but its name
 * no longer says which declaration built it. Undefined when the versions agree or are unknown.
 */
export function versionNote(projection: string, v: { index: string | undefined; declared: number }): string | undefined {
  const live = indexVersion(v.index);
  if (live === undefined || live === v.declared) return undefined;
  const fix = v.declared > live ? `\`sluice rebuild ${projection}\` builds ${v.index?.replace(/_v\d+$/, `_v${v.declared}`)}` : `\`sluice rebuild ${projection}\` is refused until \`version\` is bumped above ${live} (\`--version ${live + 1}\` rebuilds this declaration anyway)`;
  return `projection ${projection} declares version ${v.declared} but its live index is ${v.index} (same mapping, still written); ${fix}`;
}

/** The sentence for a frozen projection; without the details (a projector that does not export them) it still names the fix. */
export function frozenReason(projection: string, detail?: { index: string | null; difference: string | null; declared?: number | null }): string {
  const why = detail?.index && detail.difference ? `index ${detail.index} has a different mapping from the declaration (${detail.difference})` : 'its mapping differs from the declaration';
  const repair = repairVersion(detail);
  const bump = repair === undefined ? '' : `, or bump \`version\` in the declaration (now ${detail?.declared}) to ${repair} and run \`sluice rebuild ${projection}\``;
  return `projection ${projection} is frozen: ${why}; run \`${unfreezeCommand(projection, detail)}\`${bump}`;
}
