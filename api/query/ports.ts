// What the query API needs from Elasticsearch, in its own terms: read-only by construction (search, get, the
// progress document, cluster health). The adapter in adapters/elasticsearch implements it.
import type { ProgressDoc } from '../../model/progress/progressDoc.js';
import type { Body, SearchResult } from './list.js';

/** The registered projections' names, derived from model/registry.ts: the reports name theirs. */
export type { ProjectionName } from '../../model/registry.js';

/** A projection the app serves, by name: a registered one, or any declaration given to createQueryApp. */
export interface ReadStore {
  search(projection: string, body: Body): Promise<SearchResult>;
  /** Realtime get by id; undefined when there is no such document. */
  get(projection: string, id: string): Promise<Record<string, unknown> | undefined>;
  /** The progress tracker's document for a projection, undefined while none is published. */
  progress(projection: string): Promise<ProgressDoc | undefined>;
  /** Rejects with a reason that names the fix when Elasticsearch or the alias of a served projection is unavailable. */
  health(): Promise<void>;
  close(): Promise<void>;
}
