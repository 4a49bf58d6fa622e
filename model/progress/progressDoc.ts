// The contract between the projector and the query API (docs/design.md decision 6): one document per projection
// in the index `sluice_progress`, id = projection name, saying "every transaction visible in Postgres snapshot
// {xmin, xmax, xip} is reflected, refreshed and searchable in this projection", and in `indexed` a newer snapshot
// whose transactions are acknowledged by Elasticsearch but perhaps not yet refreshed: a realtime get by id sees
// them, a search may not. The query API imports the type only.
import type { PgSnapshotText } from '../../lib/visibility.js';


/** A snapshot whose every visible transaction Elasticsearch has acknowledged in this projection. */
export interface IndexedMark {
  snapshot: PgSnapshotText;
  lsn: string;
  asOf: string;
}

export interface ProgressDoc {
  projection: string;
  /** xid8 values as decimal strings. */
  snapshot: PgSnapshotText;
  /** pg_current_wal_insert_lsn() taken with the snapshot, `X/Y`. */
  lsn: string;
  /** When the snapshot was taken (tracker clock): everything committed before this is reflected. */
  asOf: string;
  /** How long it took from taking the snapshot to publishing this document. */
  lagMs: number;
  publishedAt: string;
  /** Newer than (or equal to) `snapshot`; absent from documents written before it existed. */
  indexed?: IndexedMark;
}

// The snapshot is stored, never searched: `enabled: false` keeps a long xip list out of the inverted index.
export const PROGRESS_MAPPING = {
  dynamic: 'strict',
  properties: {
    projection: { type: 'keyword' },
    snapshot: { type: 'object', enabled: false },
    lsn: { type: 'keyword' },
    asOf: { type: 'date' },
    lagMs: { type: 'long' },
    publishedAt: { type: 'date' },
    indexed: { type: 'object', enabled: false },
  },
} as const;
