// The document store of an event-built read model over Elasticsearch: realtime multi-get, and one bulk request with
// optimistic concurrency (`create` for a new document, `index` with if_seq_no/if_primary_term for one read before).
// A 409 means someone wrote the document since it was read: reported back to be folded again. Any other failure is
// a retriable ServiceError, so the batch is redelivered.
import { ServiceError } from '../../../lib/errors.js';
import { indexNames, type IndexNames } from '../../../lib/names.js';
import type { EventProjection } from '../../projections/eventDeclaration.js';
import type { EventDocStore, StoredDoc } from '../../projections/eventStore.js';
import type { EsClient } from './client.js';
import { servingSettings } from './indexes.js';

export function createEventDocStore<D extends { id: string }>(es: EsClient): EventDocStore<D> {
  return {
    async load(index, ids) {
      const found = new Map<string, StoredDoc<D>>();
      if (ids.length === 0) return found;
      const res = await es.mget<D>({ index, ids: [...ids], realtime: true });
      for (const d of res.docs) {
        if ('found' in d && d.found && d._source && d._seq_no !== undefined && d._primary_term !== undefined) {
          found.set(d._id, { doc: d._source, seqNo: d._seq_no, primaryTerm: d._primary_term });
        }
      }
      return found;
    },
    async save(index, writes) {
      const operations = writes.flatMap((w) => [
        w.read ? { index: { _index: index, _id: w.doc.id, if_seq_no: w.read.seqNo, if_primary_term: w.read.primaryTerm } } : { create: { _index: index, _id: w.doc.id } },
        w.doc,
      ]);
      const res = await es.bulk({ operations });
      const lost: string[] = [];
      for (const item of res.items) {
        const r = item.index ?? item.create;
        if (!r || r.status < 300) continue;
        if (r.status === 409) lost.push(String(r._id));
        else throw new ServiceError(`event-built write failed for ${r._id}: ${r.status} ${r.error?.type ?? ''} ${r.error?.reason ?? ''}`);
      }
      return lost;
    },
  };
}

/** Creates a version index of an event-built read model (when missing). */
export async function createEventIndex(es: EsClient, projection: EventProjection, index: string): Promise<void> {
  const exists = await es.indices.exists({ index });
  if (exists) return;
  await es.indices.create({ index, settings: { index: { number_of_shards: 1, ...servingSettings } }, mappings: projection.mapping as never }, { ignore: [400] });
}

/** The first version and its read alias, when the read model was never deployed; a live one is left alone. */
export async function ensureEventIndex(es: EsClient, projection: EventProjection, prefix = ''): Promise<IndexNames> {
  const names = indexNames(projection, prefix);
  if (await es.indices.existsAlias({ name: names.alias })) return names;
  await createEventIndex(es, projection, names.index);
  await es.indices.putAlias({ index: names.index, name: names.alias });
  return names;
}
