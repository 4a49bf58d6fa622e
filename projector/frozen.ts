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
}

/** What unfreezes a projection (docs/rebuild.md): a rebuild builds the code's mapping and swaps the alias. */
export const unfreezeCommand = (projection: string): string => `sluice rebuild ${projection}`;

// A metric label and a console line, not a report: a long list of fields is cut, the log line keeps all of it.
const BRIEF = 160;
export const briefly = (difference: string): string => (difference.length > BRIEF ? `${difference.slice(0, BRIEF - 1)}…` : difference);

/** The sentence for a frozen projection; without the details (a projector that does not export them) it still names the fix. */
export function frozenReason(projection: string, detail?: { index: string | null; difference: string | null }): string {
  const why = detail?.index && detail.difference ? `index ${detail.index} has a different mapping from the declaration (${detail.difference})` : 'its mapping differs from the declaration';
  return `projection ${projection} is frozen: ${why}; run \`${unfreezeCommand(projection)}\``;
}
