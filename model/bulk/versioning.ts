// External versions for Elasticsearch, taken from the Postgres snapshot a document was built from.
//
// THE SCHEME. Every hydration runs in one REPEATABLE READ transaction whose first statement reads
// `pg_current_snapshot()` = (xmin, xmax, xip). Define the snapshot's *completed set*
//     C(S) = { xid < xmax(S) } \ xip(S)
// (every transaction that had finished, committed or aborted, when S was taken). The version is |C(S)|,
// computed exactly as  xmax(S) - count(xip(S)).
//
// WHY IT IS SOUND.
// 1. Monotone in real time. If S2 is taken after S1, then C(S1) ⊆ C(S2): a transaction that had finished at S1
//    is still finished at S2, and xmax never decreases (it is latestCompletedXid + 1, and every xid below a
//    completed one was already assigned). Hence version(S1) <= version(S2).
// 2. Equal versions mean equal content. C(S1) ⊆ C(S2) and |C(S1)| = |C(S2)| imply C(S1) = C(S2): both snapshots
//    see exactly the same committed transactions, so the same deterministic SQL builds byte-identical
//    documents. A 409 on an equal version therefore never loses anything: we write with `version_type:
//    external` (strictly greater wins), and an equal-version conflict is a benign duplicate.
// 3. Newer content wins regardless of arrival order. A document built from a snapshot that saw more has a
//    strictly greater version, so a late write built from an older snapshot (a retry, a replay, a second
//    projector instance during a rebalance) is rejected by Elasticsearch with 409.
// 4. It is not a change LSN (decoding order != visibility order, T13) and not a Kafka offset (per partition,
//    reset by replays, T11). Several changes in one transaction (T14) are all in C(S) at once.
// 5. It needs the snapshot to include the events that dirtied the document: a commit is in the WAL before it is
//    visible. snapshotReader checks pg_visible_in_snapshot() for every causing txId and retries with a fresh
//    snapshot until they are all visible (docs/design.md decision 6).
//
// DELETES. A root missing from the snapshot is deleted with the snapshot's version, leaving a tombstone that
// Elasticsearch remembers for `index.gc_deletes`. A stale index request could only resurrect the document if it
// were built from an older snapshot and arrived after the tombstone expired. Two rules rule that out:
// (a) events never carry content: replaying an old event re-reads Postgres, finds the root absent and deletes
//     again with a newer version (T17 cannot resurrect);
// (b) a retry never resends an old body: retriable items are rebuilt from a *fresh* snapshot, so the oldest
//     body ever in flight is at most one bulk request old (bounded by the request timeout), and gc_deletes is
//     set far beyond that (GC_DELETES below). The residual window is a process frozen mid-request for longer
//     than GC_DELETES; `sluice verify --repair` reports and removes such a zombie.
//
// LIMITS. Versions come from one Postgres cluster's xid counter; restoring from a backup or a logical copy
// resets it, which is the moment to rebuild into a new index version. Versions fit easily in 2^53.

/** How long Elasticsearch keeps delete tombstones: far beyond any bulk request (default is 60 s). */
export const GC_DELETES = '1h';

/** First statement of the hydration transaction: it takes the snapshot and derives the version from it. */
export const SNAPSHOT_VERSION_SQL = `SELECT pg_current_snapshot()::text AS snapshot,
  pg_snapshot_xmax(pg_current_snapshot())::text AS xmax,
  (pg_snapshot_xmax(pg_current_snapshot())::text::bigint
    - (SELECT count(*) FROM pg_snapshot_xip(pg_current_snapshot())))::text AS version`;

/** The causing transactions (as xid8 text) that the current snapshot does not see yet. */
export const INVISIBLE_SQL = `SELECT x AS xid FROM unnest($1::text[]) AS x
  WHERE NOT pg_visible_in_snapshot(x::xid8, pg_current_snapshot())`;

const EPOCH = 1n << 32n;
const HALF = 1n << 31n;

/**
 * Debezium reports 32-bit xids; pg_visible_in_snapshot() needs the 64-bit xid8. The causing transaction is
 * recent, so it is the xid closest to the snapshot's xmax (the usual wraparound rule).
 */
export function toFullXid(xid32: number, xmax: bigint): bigint {
  const candidate = (xmax / EPOCH) * EPOCH + BigInt(xid32 >>> 0);
  if (candidate > xmax + HALF) return candidate - EPOCH;
  if (candidate < xmax - HALF) return candidate + EPOCH;
  return candidate;
}

/** The version of a snapshot given as `xmin:xmax:xip,...` text; mirrors SNAPSHOT_VERSION_SQL, used by tests. */
export function versionOf(snapshot: string): bigint {
  const [, xmax = '0', xip = ''] = snapshot.split(':');
  return BigInt(xmax) - BigInt(xip.split(',').filter(Boolean).length);
}
