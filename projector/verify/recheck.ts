// Re-checks a few ids against an index with a fresh snapshot. verifyProjection scans an index that the live
// stream keeps writing, so under load a difference may only mean "not caught up yet"; a rebuild re-checks the
// differing ids until they converge or a deadline passes before it trusts the report.
import type { EsClient } from '../../model/adapters/elasticsearch/client.js';
import type { Doc } from '../../model/bulk/bulkPlan.js';
import { createSnapshotReader } from '../hydrate/snapshotReader.js';
import type { Projection } from '../../model/projections/declaration.js';
import type { SqlPool } from '../ports.js';
import { diffPaths } from './diff.js';
import type { VerifyReport } from './verifyProjection.js';

export const differing = (report: VerifyReport): string[] => [...report.missing, ...report.extra, ...report.stale.map((s) => s.id)];

export async function recheckIds(opts: { projection: Projection; pg: SqlPool; es: EsClient; index: string }, ids: readonly string[]): Promise<VerifyReport> {
  const report: VerifyReport = { projection: opts.projection.name, checked: ids.length, missing: [], extra: [], stale: [], repaired: 0 };
  if (ids.length === 0) return report;
  const { docs } = await createSnapshotReader({ pool: opts.pg }).read(opts.projection, ids, []);
  const found = await opts.es.mget<Doc>({ index: opts.index, ids: [...ids], realtime: true });
  const live = new Map<string, Doc>();
  for (const d of found.docs) if ('found' in d && d.found && d._source) live.set(d._id, d._source);
  for (const id of ids) {
    const fresh = docs.get(id);
    const current = live.get(id);
    if (!fresh && current) report.extra.push(id);
    else if (fresh && !current) report.missing.push(id);
    else if (fresh && current) {
      const paths = diffPaths(fresh, current);
      if (paths.length > 0) report.stale.push({ id, paths });
    }
  }
  return report;
}
