// `sluice verify <projection>`: the convergence oracle. Builds every document afresh with the projection's own
// SQL, all from ONE Postgres snapshot (a REPEATABLE READ transaction whose cursor streams the root ids), and walks
// the index in the same id order beside it: a merge of two sorted streams, so memory stays one page however large
// the projection. Reports missing, extra and stale documents with the differing field paths. With `repair`,
// rewrites exactly those through the same versioned bulk path the hydrator uses, so a repair can never overwrite
// something newer.
import type { EsClient } from '../../model/adapters/elasticsearch/client.js';
import { createDocumentStore } from '../adapters/elasticsearch/documentStore.js';
import { refreshIndex, scanDocuments } from '../adapters/elasticsearch/scan.js';
import type { Doc } from '../../model/bulk/bulkPlan.js';
import { planBulk } from '../../model/bulk/bulkPlan.js';
import { createSnapshotReader } from '../hydrate/snapshotReader.js';
import type { Projection } from '../../model/projections/declaration.js';
import { hydrationSql } from '../../model/projections/sql.js';
import type { SqlPool, SqlSession } from '../ports.js';
import { diffPaths } from './diff.js';
import { indexNames } from '../../lib/names.js';

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

type Live = { id: string; doc: Doc };

// Ids sort the same on both sides: Elasticsearch sorts the keyword `id` by its bytes, Postgres by COLLATE "C";
// JavaScript compares UTF-16 code units, the same order for the ASCII ids (uuids) roots have.
const before = (a: string, b: string): boolean => a < b;

/** The given ids' documents in id order, fetched by id (the fault suite checks what it wrote). */
async function* byIds(es: EsClient, alias: string, ids: readonly string[]): AsyncGenerator<Live> {
  for (let i = 0; i < ids.length; i += 1000) {
    const { docs } = await es.mget<Doc>({ index: alias, ids: ids.slice(i, i + 1000) });
    for (const d of docs) if ('found' in d && d.found && d._source) yield { id: d._id, doc: d._source };
  }
}

/** Root ids in pages, in id order, through a cursor of the snapshot's transaction (one sort, streamed). */
async function* rootIdPages(session: SqlSession, projection: Projection, pageSize: number): AsyncGenerator<string[]> {
  const { table, key } = projection.root;
  await session.query(`DECLARE verify_ids NO SCROLL CURSOR FOR SELECT ${key}::text AS id FROM ${table} ORDER BY ${key}::text COLLATE "C"`);
  for (;;) {
    const { rows } = await session.query<{ id: string }>(`FETCH ${pageSize} FROM verify_ids`);
    if (rows.length > 0) yield rows.map((r) => r.id);
    if (rows.length < pageSize) return;
  }
}

async function* pagesOf(ids: readonly string[], pageSize: number): AsyncGenerator<string[]> {
  for (let i = 0; i < ids.length; i += pageSize) yield ids.slice(i, i + pageSize);
}

export async function verifyProjection(opts: VerifyOptions): Promise<VerifyReport> {
  const { projection, pg, es } = opts;
  const alias = opts.index ?? indexNames(projection, opts.indexPrefix).alias;
  const pageSize = opts.pageSize ?? 500;
  const report: VerifyReport = { projection: projection.name, checked: 0, missing: [], extra: [], stale: [], repaired: 0 };
  await refreshIndex(es, alias);
  const chosen = opts.ids ? [...new Set(opts.ids)].sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0)) : undefined;
  const live = chosen ? byIds(es, alias, chosen) : scanDocuments(es, alias);
  const session = await pg.session();
  try {
    await session.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    let next = await live.next();
    for await (const page of chosen ? pagesOf(chosen, pageSize) : rootIdPages(session, projection, pageSize)) {
      const rows = (await session.query<{ id: string; doc: Doc }>(hydrationSql(projection), [page])).rows;
      const built = new Map(rows.map((r) => [r.id, r.doc]));
      for (const id of page) {
        while (!next.done && before(next.value.id, id)) {
          report.extra.push(next.value.id);
          next = await live.next();
        }
        let indexed: Doc | undefined;
        if (!next.done && next.value.id === id) {
          indexed = next.value.doc;
          next = await live.next();
        }
        report.checked += 1;
        const fresh = built.get(id);
        if (!fresh) {
          // Listed but not built: only possible for chosen ids that are not (or no longer) roots.
          if (indexed) report.extra.push(id);
        } else if (!indexed) report.missing.push(id);
        else {
          const paths = diffPaths(fresh, indexed);
          if (paths.length > 0) report.stale.push({ id, paths });
        }
      }
    }
    // Past the last root: every document left in the index has no row behind it (not checked in ids mode).
    for (; !chosen && !next.done; next = await live.next()) report.extra.push(next.value.id);
    await session.query('COMMIT');
  } catch (error) {
    await session.query('ROLLBACK').catch(() => undefined);
    session.release(error as Error);
    throw error;
  }
  session.release();
  if (opts.repair) report.repaired = await repair(opts, alias, [...report.missing, ...report.extra, ...report.stale.map((s) => s.id)]);
  return report;
}

async function repair(opts: VerifyOptions, alias: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const { version, docs } = await createSnapshotReader({ pool: opts.pg }).read(opts.projection, ids, []);
  const items = await createDocumentStore(opts.es).bulk(alias, planBulk(ids, docs, version));
  return items.filter((item) => item.status < 300 || item.status === 404).length;
}
