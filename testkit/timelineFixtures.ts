// Order timelines for query API tests: documents derived by the projector's own fold (model/projections/timeline/fold.ts)
// into a scratch `<prefix>order_timeline` index with the projector's mapping, so the routes are tested against what
// the projector writes.
import { randomUUID } from 'node:crypto';
import { indexNames } from '../lib/names.js';
import { ensureEventIndex } from '../model/adapters/elasticsearch/eventDocStore.js';
import { deriveTimeline, type OrderTimeline, type TimelineEvent } from '../model/projections/timeline/fold.js';
import { ORDER_TIMELINE } from '../model/projections/timeline/timeline.js';
import { testEsClient } from './elasticsearch.js';

let offset = 0;

/** One event of an order, `minute` minutes after 2026-01-01T10:00Z, in the order the calls are made. */
export function timelineEvent(type: string, minute: number, facts: Record<string, unknown> = {}): TimelineEvent {
  const at = offset++;
  return { eventId: randomUUID(), type, occurredAt: new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString(), xid: String(1000 + at), partition: 0, offset: String(at), facts };
}

/** Indexes one timeline per event list (refreshed) and returns the documents, in the order given. */
export async function seedOrderTimelines(prefix: string, orders: readonly TimelineEvent[][]): Promise<OrderTimeline[]> {
  const es = testEsClient();
  try {
    const { alias } = await ensureEventIndex(es, ORDER_TIMELINE, prefix);
    const docs = orders.map((events) => deriveTimeline(randomUUID(), events));
    await es.bulk({ refresh: 'wait_for', operations: docs.flatMap((d) => [{ index: { _index: alias, _id: d.orderId } }, d]) });
    return docs;
  } finally {
    await es.close();
  }
}

export async function dropOrderTimelines(prefix: string): Promise<void> {
  const es = testEsClient();
  await es.indices.delete({ index: indexNames(ORDER_TIMELINE, prefix).index }, { ignore: [404] }).finally(() => es.close());
}
