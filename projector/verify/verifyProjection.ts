// `sluice verify <projection>`: the convergence oracle. Builds every document afresh with the projection's own
// SQL from one Postgres snapshot per page, compares with Elasticsearch, and reports missing, extra and stale
// documents with the differing field paths. With `repair`, rewrites exactly those through the same versioned
// bulk path the hydrator uses, so a repair can never overwrite something newer.
import type { EsClient } from '../adapters/elasticsearch/client.js';
import { createDocumentStore } from '../adapters/elasticsearch/documentStore.js';
import { indexNames } from '../adapters/elasticsearch/indexes.js';
import { refreshIndex, scanDocuments } from '../adapters/elasticsearch/scan.js';
import type { Doc } from '../hydrate/bulkPlan.js';
import { planBulk } from '../hydrate/bulkPlan.js';
import { createSnapshotReader } from '../hydrate/snapshotReader.js';
import type { Projection } from '../projections/define.js';
import { allRootIdsSql } from '../projections/sql.js';
import type { SqlPool } from '../ports.js';
import { diffPaths } from './diff.js';

export interface VerifyOptions {
  projection: Projection;
  pg: SqlPool;
  es: EsClient;
  repair?: boolean;
  indexPrefix?: string;
  /** Verify this index (or alias) instead of the read alias: a rebuild verifies its new version before the swap. */
  index?: string;
  pageSize?: number;
  /** Verify only these roots (fetched by id instead of scanning the alias): the fault suite checks what it wrote. */
  ids?: readonly string[];
}

export interface VerifyReport {
  projection: string;
  checked: number;
  missing: string[];
  extra: string[];
  stale: Array<{ id: string; paths: string[] }>;
  repaired: number;
}

async function loadIndex(es: EsClient, alias: string, ids?: readonly string[]): Promise<Map<string, Doc>> {
  await refreshIndex(es, alias);
  const docs = new Map<string, Doc>();
  if (ids) {
    for (let i = 0; i < ids.length; i += 1000) {
      const { docs: found } = await es.mget<Doc>({ index: alias, ids: ids.slice(i, i + 1000) });
      for (const d of found) if ('found' in d && d.found && d._source) docs.set(d._id, d._source);
    }
    return docs;
  }
  for await (const { id, doc } of scanDocuments(es, alias)) docs.set(id, doc);
  return docs;
}

export async function verifyProjection(opts: VerifyOptions): Promise<VerifyReport> {
  const { projection, pg, es } = opts;
  const alias = opts.index ?? indexNames(projection, opts.indexPrefix).alias;
  const indexed = await loadIndex(es, alias, opts.ids);
  const report: VerifyReport = { projection: projection.name, checked: 0, missing: [], extra: [], stale: [], repaired: 0 };
  const ids = opts.ids ? [...new Set(opts.ids)] : (await pg.query<{ id: string }>(allRootIdsSql(projection))).rows.map((r) => r.id);
  const reader = createSnapshotReader({ pool: pg });
  for (let i = 0; i < ids.length; i += opts.pageSize ?? 500) {
    const page = ids.slice(i, i + (opts.pageSize ?? 500));
    const { docs } = await reader.read(projection, page, []);
    for (const id of page) {
      const fresh = docs.get(id);
      const live = indexed.get(id);
      indexed.delete(id);
      report.checked += 1;
      // A root deleted between listing and this page's snapshot is not expected in the index either.
      if (!fresh) {
        if (live) report.extra.push(id);
      } else if (!live) report.missing.push(id);
      else {
        const paths = diffPaths(fresh, live);
        if (paths.length > 0) report.stale.push({ id, paths });
      }
    }
  }
  report.extra.push(...indexed.keys());
  if (opts.repair) report.repaired = await repair(opts, alias, [...report.missing, ...report.extra, ...report.stale.map((s) => s.id)]);
  return report;
}

async function repair(opts: VerifyOptions, alias: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const { version, docs } = await createSnapshotReader({ pool: opts.pg }).read(opts.projection, ids, []);
  const items = await createDocumentStore(opts.es).bulk(alias, planBulk(ids, docs, version));
  return items.filter((item) => item.status < 300 || item.status === 404).length;
}
