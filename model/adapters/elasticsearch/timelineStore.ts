// TimelineStore over Elasticsearch: realtime multi-get, and one bulk request with optimistic concurrency
// (`create` for a new document, `index` with if_seq_no/if_primary_term for one read before). A 409 means someone
// wrote the document since it was read: reported back to be merged again. Any other failure is a retriable
// ServiceError, so the batch is redelivered.
import { ServiceError } from '../../../lib/errors.js';
import { indexNames, type IndexNames } from '../../../lib/names.js';
import type { OrderTimeline } from '../../projections/timeline/fold.js';
import { ORDER_TIMELINE, TIMELINE_MAPPING } from '../../projections/timeline/mapping.js';
import type { StoredTimeline, TimelineStore } from '../../projections/timeline/ports.js';
import type { EsClient } from './client.js';
import { servingSettings } from './indexes.js';

export function createTimelineStore(es: EsClient): TimelineStore {
  return {
    async load(index, ids) {
      const found = new Map<string, StoredTimeline>();
      if (ids.length === 0) return found;
      const res = await es.mget<OrderTimeline>({ index, ids: [...ids], realtime: true });
      for (const d of res.docs) {
        if ('found' in d && d.found && d._source && d._seq_no !== undefined && d._primary_term !== undefined) {
          found.set(d._id, { doc: d._source, seqNo: d._seq_no, primaryTerm: d._primary_term });
        }
      }
      return found;
    },
    async save(index, writes) {
      const operations = writes.flatMap((w) => [
        w.read ? { index: { _index: index, _id: w.doc.orderId, if_seq_no: w.read.seqNo, if_primary_term: w.read.primaryTerm } } : { create: { _index: index, _id: w.doc.orderId } },
        w.doc,
      ]);
      const res = await es.bulk({ operations });
      const lost: string[] = [];
      for (const item of res.items) {
        const r = item.index ?? item.create;
        if (!r || r.status < 300) continue;
        if (r.status === 409) lost.push(String(r._id));
        else throw new ServiceError(`order timeline write failed for ${r._id}: ${r.status} ${r.error?.type ?? ''} ${r.error?.reason ?? ''}`);
      }
      return lost;
    },
  };
}

/** Creates a version index of the order timeline (when missing). */
export async function createTimelineIndex(es: EsClient, index: string): Promise<void> {
  const exists = await es.indices.exists({ index });
  if (exists) return;
  await es.indices.create({ index, settings: { index: { number_of_shards: 1, ...servingSettings } }, mappings: TIMELINE_MAPPING as never }, { ignore: [400] });
}

/** The first version and its read alias, when the timeline was never deployed; a live one is left alone. */
export async function ensureTimelineIndex(es: EsClient, prefix = ''): Promise<IndexNames> {
  const names = indexNames(ORDER_TIMELINE, prefix);
  if (await es.indices.existsAlias({ name: names.alias })) return names;
  await createTimelineIndex(es, names.index);
  await es.indices.putAlias({ index: names.index, name: names.alias });
  return names;
}
