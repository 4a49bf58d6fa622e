// Where a rebuild leaves its measured rate: one document per projection in `<prefix>sluice_capacity`
// (lib/names.ts), overwritten by the next rebuild. It lives in Elasticsearch because that is what the rebuild
// already writes to and what the ops service already reads; the figure outlives the `sluice rebuild` process.
import type { EsClient } from './client.js';
import { esReplicas } from '../../../lib/replication.js';

/** What one rebuild measured. The ops service reads it (`import type`) to predict the next rebuild. */
export interface RebuildMeasurement {
  projection: string;
  /** When the rebuild finished (ISO 8601). */
  at: string;
  /** The index it built. */
  index: string;
  /** Documents in the snapshot it loaded. */
  docs: number;
  /** Whole rebuild: prepare, load, verify, swap. What an operator waits for. */
  seconds: number;
  /** Snapshot read, hydration and bulk load only. */
  loadSeconds: number;
  /** docs / seconds: the rate a prediction of the whole rebuild uses. */
  docsPerSecond: number;
}

export const CAPACITY_MAPPING = {
  dynamic: 'strict',
  properties: {
    projection: { type: 'keyword' },
    at: { type: 'date' },
    index: { type: 'keyword' },
    docs: { type: 'long' },
    seconds: { type: 'double' },
    loadSeconds: { type: 'double' },
    docsPerSecond: { type: 'double' },
  },
} as const;

export async function recordRebuild(es: EsClient, index: string, m: RebuildMeasurement): Promise<void> {
  // 400 = it exists already (created by an earlier rebuild): one small index, one shard, as many replicas as the projections (ES_REPLICAS).
  await es.indices.create({ index, settings: { number_of_shards: 1, number_of_replicas: esReplicas() }, mappings: CAPACITY_MAPPING as never }, { ignore: [400] });
  await es.index({ index, id: m.projection, document: m, refresh: 'wait_for' });
}
