// Which columns an update changed, from its before and after images. Debezium's TOAST placeholder means "not
// changed, not sent", so it never counts as a change.
import type { Row, RowChange } from '../change/change.js';
import { TOAST_PLACEHOLDER } from '../change/change.js';

/** Image values are decoded JSON; Debezium writes both images with one schema, so their key order is the same. */
const same = (a: unknown, b: unknown): boolean => a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));

/**
 * The columns whose value differs between the images. A column absent from the before image (an identity that
 * logs only the key) counts as changed; the TOAST placeholder on either side means "not changed, not sent".
 */
export function changedColumns(before: Row, after: Row): Set<string> {
  const changed = new Set<string>();
  for (const column of Object.keys(after)) {
    const [old, now] = [before[column], after[column]];
    if (old === TOAST_PLACEHOLDER || now === TOAST_PLACEHOLDER) continue;
    if (!(column in before) || !same(old, now)) changed.add(column);
  }
  return changed;
}

const changedOf = new WeakMap<RowChange, Set<string> | null>();

/** The changed columns of an update with a before image, computed once per change whatever the projections. */
export function changedIn(change: RowChange): Set<string> | null {
  if (change.kind !== 'update' || change.before === null) return null;
  let changed = changedOf.get(change);
  if (changed === undefined) {
    changed = changedColumns(change.before, change.after);
    changedOf.set(change, changed);
  }
  return changed;
}
