// What the event stage needs from Elasticsearch, in its own terms: documents of an event-built read model loaded with
// their write version and saved only if nobody wrote them since (adapters/elasticsearch/eventDocStore.ts).
export interface StoredDoc<D> {
  doc: D;
  /** Optimistic concurrency: the write succeeds only if nobody wrote the document since it was read. */
  seqNo: number;
  primaryTerm: number;
}

export interface DocWrite<D> {
  doc: D;
  /** Absent: the document must not exist yet. */
  read?: { seqNo: number; primaryTerm: number };
}

export interface EventDocStore<D extends { id: string } = { id: string }> {
  /** Realtime reads by id from `index` (an alias or a version index); missing ids are absent. */
  load(index: string, ids: readonly string[]): Promise<Map<string, StoredDoc<D>>>;
  /** Writes all; returns the ids someone else wrote meanwhile (to read and fold again). */
  save(index: string, writes: readonly DocWrite<D>[]): Promise<string[]>;
}
