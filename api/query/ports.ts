// What the query API needs from Elasticsearch, in its own terms: read-only by construction (search, get, the
// progress document, cluster health). The adapter in adapters/elasticsearch implements it.
import type { ProgressDoc } from '../../projector/progress/progressDoc.js';
import type { Body, SearchResult } from './list.js';

export type ProjectionName = 'orders' | 'customers' | 'products';

export interface ReadStore {
  search(projection: ProjectionName, body: Body): Promise<SearchResult>;
  /** Realtime get by id; undefined when there is no such document. */
  get(projection: ProjectionName, id: string): Promise<Record<string, unknown> | undefined>;
  /** The progress tracker's document for a projection, undefined while none is published. */
  progress(projection: ProjectionName): Promise<ProgressDoc | undefined>;
  /** Rejects with a reason that names the fix when Elasticsearch or an alias is unavailable. */
  health(): Promise<void>;
  close(): Promise<void>;
}
