// What keeping the incremental aggregates costs per change: the summary refresh the resolve stage runs for one changed
// row (an order of a customer, an order line of a product), every incremental field of the projection, buffers from
// EXPLAIN (ANALYZE, BUFFERS) inside a transaction that is rolled back, so the store is left as it was.
import type pg from 'pg';
import type { Row, RowChange } from '../../model/change/change.js';
import type { Projection } from '../../model/projections/declaration.js';
import { explainSql, planCost } from '../../model/projections/planCost.js';
import { summaryFields, summaryRefreshes } from '../../model/projections/summary.js';
import { refreshSql } from '../../model/projections/summarySql.js';

/** Buffers of the refresh after an update of `row` (a row of the first table of the projection's incremental aggregates). */
export async function measureRefresh(db: pg.Pool, projection: Projection, table: string, row: Row): Promise<number> {
  const change = { kind: 'update', table, before: null, after: row, source: { lsn: null, txId: null, tsMs: null }, coordinates: { topic: 'bench', partition: 0, offset: '0' } } as RowChange;
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    let buffers = 0;
    for (const s of summaryRefreshes(summaryFields(projection), [change])) {
      const params = [s.field.key, [...s.keys], ...s.field.rowKey.map((c) => [...(s.columns.get(c) ?? [])]), ...(s.field.path[1] ? [[...s.parents]] : [])];
      const { rows } = await client.query<{ 'QUERY PLAN': unknown }>(explainSql(refreshSql(s.field)), params);
      buffers += planCost(rows[0]?.['QUERY PLAN']).buffers;
    }
    return buffers;
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}
