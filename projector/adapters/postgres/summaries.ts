// Keeps the summary rows of incremental aggregates (docs/design.md decision 11, model/projections/summarySql.ts).
// Every write runs in one READ COMMITTED transaction that first takes each field's advisory lock, in key order: a
// refresh, a repair and a build of one field never overlap (across projector instances and the operator's
// commands), and the statements after the lock read the source rows as committed after it, so the last refresh of a
// row always reads its newest state. A refresh recomputes shares from Postgres, not from the event, so running it
// twice, late, or for more rows than changed writes the same rows: redelivery and reordering are no-ops.
// A refresh first waits until every transaction whose changes it was handed is visible: a commit is in the WAL (and
// so in Kafka) before other sessions see it, and a share recomputed in that gap would leave the change out for good
// (an order's count share is recomputed only when the order is inserted, deleted or moved).
import { ServiceError } from '../../../lib/errors.js';
import { INVISIBLE_SQL, toFullXid } from '../../../model/bulk/versioning.js';
import type { RowChange, TableName } from '../../../model/change/change.js';
import type { Projection } from '../../../model/projections/declaration.js';
import { summaryFields, summaryRefreshes, type Selection, type SummaryField } from '../../../model/projections/summary.js';
import { BUILT_SQL, LOCK_SQL, buildSql, refreshSql, repairRootsSql } from '../../../model/projections/summarySql.js';
import type { SqlPool, SqlSession, SummaryChanged, SummaryRefreshed } from '../../ports.js';

/** The transaction's id as change events carry it: the low 32 bits of the xid8 (toFullXid restores the epoch). */
const TX_ID_SQL = 'SELECT (pg_current_xact_id()::text::bigint % 4294967296)::text AS xid';
const XMAX_SQL = 'SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xmax';

export interface SummaryStoreOptions {
  /** How long a refresh waits for its causing transactions to become visible (default 30 s), then fails (retriable). */
  visibilityTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface SummaryStore {
  /** The incremental aggregates kept, over every projection given. */
  readonly fields: readonly SummaryField[];
  /** Refreshes what a batch of changes touches; returns its transaction and the projections touched (null: none). */
  refresh(changes: readonly RowChange[]): Promise<SummaryRefreshed | null>;
  /**
   * Builds the fields never built (all of `projection`'s with `force`), each from one snapshot; returns their keys.
   * A field built before that the build changed tells `changed` which roots, inside its transaction (before COMMIT).
   */
  build(opts?: { projection?: string; force?: boolean; tables?: readonly TableName[]; changed?: SummaryChanged }): Promise<string[]>;
  /** Recomputes every share of these roots and sets their aggregates exactly: what reproject and verify --repair run first. */
  repairRoots(projection: string, roots: readonly string[]): Promise<void>;
}

async function locked(pool: SqlPool, keys: readonly string[], work: (session: SqlSession) => Promise<void>): Promise<void> {
  const session = await pool.session();
  try {
    await session.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    for (const key of [...new Set(keys)].sort()) await session.query(LOCK_SQL, [key]);
    await work(session);
    await session.query('COMMIT');
    session.release();
  } catch (error) {
    await session.query('ROLLBACK').catch(() => undefined);
    session.release(error as Error);
    throw error;
  }
}

const refreshParams = (s: Selection): unknown[] => [
  s.field.key,
  [...s.keys],
  ...s.field.rowKey.map((c) => [...(s.columns.get(c) ?? [])]),
  ...(s.field.path[1] ? [[...s.parents]] : []),
];

/**
 * Resolves once a new snapshot sees every one of `txIds` (32 bits, as change events carry them), with the number of
 * checks that found one still invisible. Visibility never goes back, so every statement after it sees them too.
 */
async function awaitVisible(pool: SqlPool, txIds: readonly number[], o: Required<SummaryStoreOptions>): Promise<number> {
  if (txIds.length === 0) return 0;
  const deadline = o.now() + o.visibilityTimeoutMs;
  for (let waits = 0; ; waits++) {
    const xmax = BigInt((await pool.query<{ xmax: string }>(XMAX_SQL)).rows[0]?.xmax ?? '0');
    const invisible = (await pool.query(INVISIBLE_SQL, [txIds.map((x) => toFullXid(x, xmax).toString())])).rows;
    if (invisible.length === 0) return waits;
    if (o.now() > deadline) throw new ServiceError(`summary refresh: causing transactions ${txIds.join(',')} still invisible after ${o.visibilityTimeoutMs} ms`);
    await o.sleep(Math.min(200, 2 ** waits));
  }
}

export function createSummaryStore(pool: SqlPool, projections: readonly Projection[], options: SummaryStoreOptions = {}): SummaryStore {
  const fields = projections.flatMap(summaryFields);
  const reads = (f: SummaryField, tables: readonly TableName[]) => f.path.some((h) => tables.includes(h.table));
  const o: Required<SummaryStoreOptions> = {
    visibilityTimeoutMs: options.visibilityTimeoutMs ?? 30_000,
    sleep: options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
    now: options.now ?? Date.now,
  };
  return {
    fields,
    async refresh(changes) {
      const selections = summaryRefreshes(fields, changes);
      if (selections.length === 0) return null;
      // Snapshot reads carry no transaction: their rows predate the replication slot.
      const causes = [...new Set(changes.flatMap((c) => (c.kind !== 'read' && c.source.txId !== null && fields.some((f) => reads(f, [c.table])) ? [c.source.txId] : [])))];
      const waits = await awaitVisible(pool, causes, o);
      let txId = 0;
      await locked(pool, selections.map((s) => s.field.key), async (session) => {
        for (const s of selections) await session.query(refreshSql(s.field), refreshParams(s));
        txId = Number((await session.query<{ xid: string }>(TX_ID_SQL)).rows[0]?.xid);
      });
      return { txId, projections: [...new Set(selections.map((s) => s.field.projection))], waits };
    },
    async build(opts = {}) {
      const chosen = fields.filter((f) => (opts.projection === undefined || f.projection === opts.projection) && (opts.tables === undefined || reads(f, opts.tables)));
      const built: string[] = [];
      for (const f of chosen) {
        await locked(pool, [f.key], async (session) => {
          // Re-checked under the lock: another process may have built it while this one waited.
          const before = (await session.query(BUILT_SQL, [[f.key]])).rows.length > 0;
          if (!opts.force && before) return;
          // One pass over the whole table can outlast the pool's statement timeout on a large store.
          await session.query('SET LOCAL statement_timeout = 0');
          const roots: string[] = [];
          for (const sql of buildSql(f)) for (const row of (await session.query<{ root?: string }>(sql, [f.key])).rows) if (row.root !== undefined) roots.push(row.root);
          built.push(f.key);
          // A field never built has documents hydrated from the recomputed SQL: nothing it sets is news to them. Told
          // before COMMIT, so a crash cannot lose the marks (a mark of a build rolled back costs one needless hydration).
          if (before && roots.length > 0 && opts.changed) await opts.changed({ projection: f.projection, roots, txId: Number((await session.query<{ xid: string }>(TX_ID_SQL)).rows[0]?.xid) });
        });
      }
      return built;
    },
    async repairRoots(projection, roots) {
      const chosen = fields.filter((f) => f.projection === projection);
      if (chosen.length === 0 || roots.length === 0) return;
      await locked(pool, chosen.map((f) => f.key), async (session) => {
        await session.query('SET LOCAL statement_timeout = 0');
        for (const f of chosen) for (const sql of repairRootsSql(f)) await session.query(sql, sql.includes('$3') ? [f.key, roots, roots] : [f.key, roots]);
      });
    },
  };
}
