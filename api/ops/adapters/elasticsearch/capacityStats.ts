// The Elasticsearch half of the capacity report: the size of the index behind a projection's alias, and the rate
// its last rebuild measured (the document `sluice rebuild` leaves in `<prefix>sluice_capacity`).
import type { RebuildMeasurement } from '../../../../model/adapters/elasticsearch/capacityStore.js';
import type { IndexSize } from '../../capacity/capacity.js';
import type { OpsEsClient } from './client.js';

export async function indexSize(es: OpsEsClient, alias: string): Promise<IndexSize> {
  const stats = await es.indices.stats({ index: alias, metric: ['store'] }, { ignore: [404] });
  const entries = Object.entries(stats.indices ?? {});
  if (entries.length === 0) return { index: null, docs: 0, primaryBytes: 0, totalBytes: 0 };
  // `count`, not _stats docs: _stats counts every nested line item as a document of its own.
  const { count } = await es.count({ index: alias });
  const sum = (pick: (s: (typeof entries)[number][1]) => number | undefined) => entries.reduce((a, [, s]) => a + (pick(s) ?? 0), 0);
  return {
    index: entries.map(([name]) => name).join(','),
    docs: count,
    primaryBytes: sum((s) => s.primaries?.store?.size_in_bytes),
    totalBytes: sum((s) => s.total?.store?.size_in_bytes),
  };
}

/** The last rebuild's measurement, or null when none was recorded (no index, or no document for the projection). */
export async function lastRebuild(es: OpsEsClient, capacityIndex: string, projection: string): Promise<RebuildMeasurement | null> {
  const doc = await es.get<RebuildMeasurement>({ index: capacityIndex, id: projection }, { ignore: [404] });
  return doc.found && doc._source ? doc._source : null;
}
