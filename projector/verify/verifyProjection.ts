// `sluice verify <projection>`: the convergence oracle. Reads every root from ONE Postgres snapshot (a REPEATABLE
// READ transaction whose cursor streams the root ids in id order, each page's documents built inside it) and walks
// the whole index in the same order beside it: a merge of two sorted streams (merge.ts), so memory stays a page of
// each side however large the projection. Reports missing, extra (stray) and stale documents with the differing
// field paths, then re-checks the differences against fresh reads so that a live projector writing after the
// snapshot is not reported as stale. With `repair`, rewrites those through the same versioned bulk path the
// hydrator uses, so a repair can never overwrite something newer.
import type { EsClient } from '../../model/adapters/elasticsearch/client.js';
import { createDocumentStore } from '../adapters/elasticsearch/documentStore.js';
import { documentsByIds, refreshIndex, scanDocuments } from '../adapters/elasticsearch/scan.js';
import { planBulk } from '../../model/bulk/bulkPlan.js';
import { createSnapshotReader } from '../hydrate/snapshotReader.js';
import { createSummaryStore } from '../adapters/postgres/summaries.js';
import { openSnapshot } from '../lifecycle/snapshotStream.js';
import type { Projection } from '../../model/projections/declaration.js';
import type { SqlPool } from '../ports.js';
import { indexNames } from '../../lib/names.js';
import type { ExpectedDocuments } from './expected.js';
import { byId, mergeSorted } from './merge.js';
import { settle } from './recheck.js';
import { createTally, differing, type VerifyProgress, type VerifyReport } from './report.js';

export type { VerifyProgress, VerifyReport } from './report.js';

export interface VerifyOptions {
  projection: Projection;
  pg: SqlPool;
  es: EsClient;
  repair?: boolean;
  indexPrefix?: string;
  /** Verify this index (or alias) instead of the read alias: a rebuild verifies its new version before the swap. */
  index?: string;
  pageSize?: number;
  /** Verify only these roots (fetched by id; nothing past them is looked at) instead of the whole alias. */
  ids?: readonly string[];
  /** How the expected documents are built (default: the projection's hydration SQL). */
  expected?: ExpectedDocuments;
  /** How long differences may take to agree on a re-check (the live stream catching up); 0 trusts the first pass. */
  settleMs?: number;
  /** Ids listed per kind in the report (counts are always exact). */
  listLimit?: number;
  /** Called after every page. */
  onProgress?: (progress: VerifyProgress) => void;
}

export const DEFAULT_SETTLE_MS = 15_000;

export async function verifyProjection(opts: VerifyOptions): Promise<VerifyReport> {
  const { projection, pg, es } = opts;
  const alias = opts.index ?? indexNames(projection, opts.indexPrefix).alias;
  const pageSize = opts.pageSize ?? 1000;
  const tally = createTally(projection.name, opts.listLimit);
  await refreshIndex(es, alias);
  const chosen = opts.ids ? [...new Set(opts.ids)].sort(byId) : undefined;
  const snapshot = await openSnapshot(pg, projection, pageSize, { textOrder: true, ...(chosen ? { ids: chosen } : {}), ...(opts.expected ? { build: opts.expected } : {}) });
  try {
    const indexed = chosen ? documentsByIds(es, alias, chosen, pageSize) : scanDocuments(es, alias, pageSize);
    await mergeSorted(snapshot.chunks(), indexed, tally, { rest: !chosen, onPage: () => opts.onProgress?.(tally.progress(snapshot.total)) });
  } finally {
    await snapshot.close();
  }
  const recheck = { projection, pg, es, index: alias, ...(opts.expected ? { expected: opts.expected } : {}) };
  const settleMs = opts.settleMs ?? DEFAULT_SETTLE_MS;
  const report = settleMs > 0 && differing(tally.report()).length > 0 ? await settle(recheck, tally.report(), settleMs) : tally.report();
  if (opts.repair) report.repaired = await repair(opts, alias, differing(report));
  return report;
}

async function repair(opts: VerifyOptions, alias: string, ids: string[]): Promise<number> {
  let repaired = 0;
  const summaries = createSummaryStore(opts.pg, [opts.projection]);
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    // A drifted summary row would be copied again: recompute the roots' summary rows from the source rows first.
    await summaries.repairRoots(opts.projection.name, chunk);
    const { version, docs } = await createSnapshotReader({ pool: opts.pg }).read(opts.projection, chunk, []);
    const items = await createDocumentStore(opts.es).bulk(alias, planBulk(chunk, docs, version));
    repaired += items.filter((item) => item.status < 300 || item.status === 404).length;
  }
  return repaired;
}
