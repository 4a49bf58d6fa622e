// Keeps the summary rows of incremental aggregates (docs/design.md decision 11, model/projections/summarySql.ts).
// Every write runs in one READ COMMITTED transaction that first takes each field's advisory lock, in key order: a
// refresh, a repair and a build of one field never overlap (across projector instances and the operator's
// commands), and the statements after the lock read the source rows as committed after it, so the last refresh of a
// row always reads its newest state. A refresh recomputes shares from Postgres, not from the event, so running it
// twice, late, or for more rows than changed writes the same rows: redelivery and reordering are no-ops.
import type { RowChange, TableName } from '../../../model/change/change.js';
import type { Projection } from '../../../model/projections/declaration.js';
import { summaryFields, summaryRefreshes, type Selection, type SummaryField } from '../../../model/projections/summary.js';
import { BUILT_SQL, LOCK_SQL, buildSql, refreshSql, repairRootsSql } from '../../../model/projections/summarySql.js';
import type { SqlPool, SqlSession, SummaryRefreshed } from '../../ports.js';

/** The transaction's id as change events carry it: the low 32 bits of the xid8 (toFullXid restores the epoch). */
const TX_ID_SQL = 'SELECT (pg_current_xact_id()::text::bigint % 4294967296)::text AS xid';

export interface SummaryStore {
  /** The incremental aggregates kept, over every projection given. */
  readonly fields: readonly SummaryField[];
  /** Refreshes what a batch of changes touches; returns its transaction and the projections touched (null: none). */
  refresh(changes: readonly RowChange[]): Promise<SummaryRefreshed | null>;
  /** Builds the fields never built (all of `projection`'s with `force`), each from one snapshot; returns their keys. */
  build(opts?: { projection?: string; force?: boolean; tables?: readonly TableName[] }): Promise<string[]>;
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

export function createSummaryStore(pool: SqlPool, projections: readonly Projection[]): SummaryStore {
  const fields = projections.flatMap(summaryFields);
  const reads = (f: SummaryField, tables: readonly TableName[]) => f.path.some((h) => tables.includes(h.table));
  return {
    fields,
    async refresh(changes) {
      const selections = summaryRefreshes(fields, changes);
      if (selections.length === 0) return null;
      let txId = 0;
      await locked(pool, selections.map((s) => s.field.key), async (session) => {
        for (const s of selections) await session.query(refreshSql(s.field), refreshParams(s));
        txId = Number((await session.query<{ xid: string }>(TX_ID_SQL)).rows[0]?.xid);
      });
      return { txId, projections: [...new Set(selections.map((s) => s.field.projection))] };
    },
    async build(opts = {}) {
      const chosen = fields.filter((f) => (opts.projection === undefined || f.projection === opts.projection) && (opts.tables === undefined || reads(f, opts.tables)));
      const built: string[] = [];
      for (const f of chosen) {
        await locked(pool, [f.key], async (session) => {
          // Re-checked under the lock: another process may have built it while this one waited.
          if (!opts.force && (await session.query(BUILT_SQL, [[f.key]])).rows.length > 0) return;
          // One pass over the whole table can outlast the pool's statement timeout on a large store.
          await session.query('SET LOCAL statement_timeout = 0');
          for (const sql of buildSql(f)) await session.query(sql, [f.key]);
          built.push(f.key);
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
