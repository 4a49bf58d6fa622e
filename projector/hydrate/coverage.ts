// Which documents the last write already covers. A backlog marks one document many times for the same
// transactions: an order's insert and its lines arrive on different CDC topics, so their marks reach hydrate in
// different rounds, and the second round would rebuild and rewrite the very document the first one wrote. Once a
// document was written (or refused as older, 409) from snapshot S to a set of targets, a mark whose causing
// transactions are all visible in S needs nothing: the stored version was built from S or a later snapshot, and a
// later snapshot sees a superset of S (versioning.ts, point 1). Pure: no I/O.
//
// Only marks with causing transactions qualify (snapshot reads and re-projections always hydrate). Entries are
// keyed by the write targets, so a rebuild's dual write or a swapped alias never skips a write it needs, and they
// expire after `ttlMs`: the duplicates this removes arrive within seconds, and a short life bounds what an operator
// deleting an index under a running projector could miss until the next change (`sluice verify --repair` finds it).
import { isVisible, type PgSnapshot } from '../../lib/visibility.js';
import { toFullXid } from '../../model/bulk/versioning.js';

export interface CoverageOptions {
  maxEntries?: number;
  ttlMs?: number;
  now?: () => number;
}

interface Entry {
  snapshot: PgSnapshot;
  targets: string;
  at: number;
}

export interface Coverage {
  /** True when the last write of `id` to `targets` (any targets when null) saw every one of `txIds`. */
  covered(projection: string, id: string, txIds: readonly number[], targets: string | null): boolean;
  record(projection: string, targets: string, ids: readonly string[], snapshot: PgSnapshot): void;
}

export function createCoverage(opts: CoverageOptions = {}): Coverage {
  const max = opts.maxEntries ?? 200_000;
  const ttlMs = opts.ttlMs ?? 60_000;
  const now = opts.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const keyOf = (projection: string, id: string) => `${projection}\u0000${id}`;
  return {
    covered(projection, id, txIds, targets) {
      const entry = entries.get(keyOf(projection, id));
      if (!entry || txIds.length === 0 || now() - entry.at > ttlMs) return false;
      if (targets !== null && entry.targets !== targets) return false;
      return txIds.every((tx) => isVisible(toFullXid(tx, entry.snapshot.xmax), entry.snapshot));
    },
    record(projection, targets, ids, snapshot) {
      const at = now();
      for (const id of ids) {
        const key = keyOf(projection, id);
        entries.delete(key); // re-insert: the map's order is the eviction order
        entries.set(key, { snapshot, targets, at });
      }
      for (const key of entries.keys()) {
        if (entries.size <= max) break;
        entries.delete(key);
      }
    },
  };
}
