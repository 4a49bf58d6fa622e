// The dirty-topic record: key = root id, value = which source transactions made it dirty and when they
// committed. Content never travels: hydrate reads it from Postgres.

/** One projection document made dirty by row changes: what the resolve stage produces, and hydrate consumes. */
export interface DirtyMark {
  projection: string;
  id: string;
  /** Source transactions whose effects the document must include; empty for snapshot reads. */
  txIds: number[];
  lsn: string | null;
  /** The oldest commit time among the causes: commit-to-indexed delay is measured from it. */
  tsMs: number | null;
}

export interface DirtyValue {
  txIds: number[];
  lsn: string | null;
  tsMs: number | null;
}

/** Transaction ids per record: a root dirtied by thousands of transactions becomes several records. */
export const MAX_TX_IDS_PER_RECORD = 500;

/**
 * One mark as one or more records under the same key (so the same partition, in order). Splitting keeps every
 * causing transaction id, which the hydrate stage's visibility check needs, while each record stays small.
 */
export function encodeDirty(mark: DirtyMark): { key: string; value: string }[] {
  const encode = (txIds: number[]) => ({ key: mark.id, value: JSON.stringify({ txIds, lsn: mark.lsn, tsMs: mark.tsMs } satisfies DirtyValue) });
  if (mark.txIds.length <= MAX_TX_IDS_PER_RECORD) return [encode(mark.txIds)];
  const records = [];
  for (let i = 0; i < mark.txIds.length; i += MAX_TX_IDS_PER_RECORD) records.push(encode(mark.txIds.slice(i, i + MAX_TX_IDS_PER_RECORD)));
  return records;
}

const isNumberArray = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number');

/** Null when the record is not a dirty mark this version of Sluice wrote. */
export function decodeDirty(key: string | null, value: string | null): (DirtyValue & { id: string }) | null {
  if (!key || value === null) return null;
  try {
    const parsed = JSON.parse(value) as Record<string, unknown>;
    if (!isNumberArray(parsed['txIds'])) return null;
    const lsn = typeof parsed['lsn'] === 'string' ? parsed['lsn'] : null;
    const tsMs = typeof parsed['tsMs'] === 'number' ? parsed['tsMs'] : null;
    return { id: key, txIds: parsed['txIds'], lsn, tsMs };
  } catch {
    return null;
  }
}

