// The Postgres half of the capacity report: the bytes of the tables a projection is built from. The ops role has
// no access to the tables' rows; pg_total_relation_size (heap, indexes, TOAST) needs none, only the name.
import type pg from 'pg';
import type { TableSize } from '../../capacity/capacity.js';

// to_regclass yields NULL for a missing table, and the size of NULL is NULL: a missing table is a row, not an error.
const SIZES_SQL = `
SELECT t.name AS table, pg_total_relation_size(to_regclass(quote_ident($2) || '.' || quote_ident(t.name)))::text AS bytes
FROM unnest($1::text[]) WITH ORDINALITY AS t(name, n)
ORDER BY t.n`;

export async function tableSizes(pool: pg.Pool, tables: readonly string[], schema = 'public'): Promise<TableSize[]> {
  const { rows } = await pool.query<{ table: string; bytes: string | null }>(SIZES_SQL, [tables, schema]);
  return rows.map((r) => ({ table: r.table, bytes: r.bytes === null ? null : Number(r.bytes) }));
}
