// Reads the types of the columns the projections read from information_schema (it shows the columns a role may read,
// which are the projector's own tables).
import type { ColumnType } from '../../../model/projections/columnTypes.js';
import type { SqlPool } from '../../ports.js';

export async function columnTypes(pool: Pick<SqlPool, 'query'>, tables: readonly string[], schema = 'public'): Promise<Map<string, ColumnType>> {
  const { rows } = await pool.query<{ table_name: string; column_name: string; data_type: string; udt_name: string; numeric_scale: number | null }>(
    `SELECT table_name, column_name, data_type, udt_name, numeric_scale FROM information_schema.columns WHERE table_schema = $1 AND table_name = ANY($2)`,
    [schema, tables],
  );
  return new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, { dataType: r.data_type, udtName: r.udt_name, numericScale: r.numeric_scale }]));
}
