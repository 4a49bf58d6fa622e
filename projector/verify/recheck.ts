// Re-checks a few ids against an index with a fresh snapshot. A verify scans an index that the live stream keeps
// writing, so under load a difference may only mean "not caught up yet" (or "written after the snapshot"): the
// differing ids are re-checked until they agree or a deadline passes before the report is trusted.
import { waitFor } from '../../lib/waitFor.js';
import type { EsClient } from '../../model/adapters/elasticsearch/client.js';
import type { Projection } from '../../model/projections/declaration.js';
import { documentsByIds } from '../adapters/elasticsearch/scan.js';
import { openSnapshot } from '../lifecycle/snapshotStream.js';
import type { SqlPool } from '../ports.js';
import type { ExpectedDocuments } from './expected.js';
import { byId, mergeSorted } from './merge.js';
import { createTally, differing, emptyReport, withRechecked, type VerifyReport } from './report.js';

export { differing } from './report.js';

export interface RecheckOptions {
  projection: Projection;
  pg: SqlPool;
  es: EsClient;
  index: string;
  expected?: ExpectedDocuments;
}

/** The verdict on exactly `ids`, from a fresh snapshot and a real-time read of the index. */
export async function recheckIds(opts: RecheckOptions, ids: readonly string[]): Promise<VerifyReport> {
  if (ids.length === 0) return emptyReport(opts.projection.name);
  const sorted = [...new Set(ids)].sort(byId);
  const tally = createTally(opts.projection.name, sorted.length);
  const snapshot = await openSnapshot(opts.pg, opts.projection, 1000, { ids: sorted, ...(opts.expected ? { build: opts.expected } : {}) });
  try {
    await mergeSorted(snapshot.chunks(), documentsByIds(opts.es, opts.index, sorted), tally, { rest: false });
  } finally {
    await snapshot.close();
  }
  return tally.report();
}

/** `report` once its listed differences agree on a re-check, or as they stand after `timeoutMs`. */
export async function settle(opts: RecheckOptions, report: VerifyReport, timeoutMs: number): Promise<VerifyReport> {
  let last = report;
  try {
    await waitFor(async () => {
      last = withRechecked(report, await recheckIds(opts, differing(last)));
      return differing(last).length === 0;
    }, { timeoutMs, intervalMs: 500, description: `${opts.index} to agree with Postgres` });
  } catch {
    // Reported as they stand: the ids that still differ.
  }
  return last;
}
