// What the progress tracker needs from Postgres, Kafka Connect, Kafka and Elasticsearch, in its own terms.
// adapters/ implement these; the cycle logic never sees a driver.
import type { PgSnapshot } from '../../lib/visibility.js';
import type { ProgressDoc } from '../../model/progress/progressDoc.js';

export interface SnapshotTaken {
  snapshot: PgSnapshot;
  /** pg_current_wal_insert_lsn() as a number, and in text form. */
  lsn: bigint;
  lsnText: string;
}

/** Per topic, per partition: an offset. */
export type Offsets = Map<string, Map<number, bigint>>;

export interface Watermarks {
  /** Next offset to be written (high watermark). */
  high: Offsets;
  /** First offset still stored (log start). */
  low: Offsets;
}

export interface ProgressSources {
  /** F = pg_current_snapshot() and L = pg_current_wal_insert_lsn() in one statement. */
  takeSnapshot(): Promise<SnapshotTaken>;
  /** lsn_commit of the connector's committed source offset, or null when none is committed yet. */
  connectorCommittedLsn(): Promise<bigint | null>;
  watermarks(topics: readonly string[]): Promise<Watermarks>;
  /** A consumer group's committed offsets; partitions without a commit are absent. */
  committed(groupId: string, topics: readonly string[]): Promise<Offsets>;
  /** Makes everything acknowledged so far searchable. */
  refresh(alias: string): Promise<void>;
  publish(doc: ProgressDoc): Promise<void>;
}
