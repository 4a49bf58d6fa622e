// The valid indexes of the tables a projection reads, with their key columns in order and how often they were
// scanned, from the catalog (readable by any role). An index left INVALID by a failed CREATE INDEX CONCURRENTLY
// serves nothing and is not listed, so the need it was for still reads as missing.
import type { ExistingIndex } from '../../../model/projections/indexes.js';

/** What is needed of a connection: a pool, a client or a session. */
export interface Queryable {
  query<R extends object>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

const SQL = `
SELECT t.relname AS "table", i.relname AS name, ix.indisunique AS "unique", coalesce(s.idx_scan, 0)::int AS scans,
       array_agg(a.attname::text ORDER BY k.n) AS columns
FROM pg_index ix
JOIN pg_class t ON t.oid = ix.indrelid
JOIN pg_class i ON i.oid = ix.indexrelid
JOIN pg_namespace ns ON ns.oid = t.relnamespace
CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum AND k.attnum > 0
LEFT JOIN pg_stat_all_indexes s ON s.indexrelid = ix.indexrelid
WHERE ns.nspname = $1 AND t.relname = ANY($2) AND ix.indisvalid AND k.n <= ix.indnkeyatts
GROUP BY t.relname, i.relname, ix.indisunique, s.idx_scan
ORDER BY t.relname, i.relname`;

export async function existingIndexes(db: Queryable, tables: readonly string[], schema = 'public'): Promise<ExistingIndex[]> {
  const { rows } = await db.query<ExistingIndex>(SQL, [schema, [...tables]]);
  return rows;
}
