// Reads each table's replica identity from the catalog (readable by any role, the read-only projector's too).
import type { SqlPool } from '../../ports.js';
import type { ReplicaIdentity } from '../../../model/projections/beforeImages.js';

const CODES: Record<string, ReplicaIdentity> = { f: 'full', d: 'default', i: 'index', n: 'nothing' };

export async function replicaIdentities(pool: SqlPool, tables: readonly string[], schema = 'public'): Promise<Map<string, ReplicaIdentity>> {
  const { rows } = await pool.query<{ relname: string; relreplident: string }>(
    `SELECT c.relname, c.relreplident FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = ANY($2)`,
    [schema, tables],
  );
  return new Map(rows.map((r) => [r.relname, CODES[r.relreplident] ?? 'default']));
}
