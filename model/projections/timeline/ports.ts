// What the timeline stage needs from Elasticsearch, in its own terms; adapters/elasticsearch implements it.
import type { OrderTimeline } from './fold.js';

export interface StoredTimeline {
  doc: OrderTimeline;
  /** Optimistic concurrency: the write succeeds only if nobody wrote the document since it was read. */
  seqNo: number;
  primaryTerm: number;
}

export interface TimelineWrite {
  doc: OrderTimeline;
  /** Absent: the document must not exist yet. */
  read?: { seqNo: number; primaryTerm: number };
}

export interface TimelineStore {
  /** Realtime reads by order id from `index` (an alias or a version index); missing ids are absent. */
  load(index: string, ids: readonly string[]): Promise<Map<string, StoredTimeline>>;
  /** Writes all; returns the order ids someone else wrote meanwhile (to read and merge again). */
  save(index: string, writes: readonly TimelineWrite[]): Promise<string[]>;
}
