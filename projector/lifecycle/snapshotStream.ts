// One REPEATABLE READ snapshot for a whole rebuild: the version comes from it exactly as in the live stream
// (versioning.ts), root ids stream through a server-side cursor, and each chunk is built with the projection's
// own batch SQL inside the same transaction, so every document of the rebuild sees the same committed set.
import { ServiceError } from '../../lib/errors.js';
import type { Doc } from '../../model/bulk/bulkPlan.js';
import { SNAPSHOT_VERSION_SQL } from '../../model/bulk/versioning.js';
import type { Projection } from '../../model/projections/declaration.js';
import { allRootIdsSql, hydrationSql } from '../../model/projections/sql.js';
import type { SqlPool } from '../ports.js';

export interface SnapshotChunk {
  ids: string[];
  docs: Map<string, Doc>;
}

export interface RebuildSnapshot {
  version: number;
  /** Roots in the snapshot: what the progress bar counts to. */
  total: number;
  chunks(): AsyncGenerator<SnapshotChunk>;
  close(): Promise<void>;
}

export async function openSnapshot(pool: SqlPool, projection: Projection, chunkSize: number): Promise<RebuildSnapshot> {
  const session = await pool.session();
  try {
    await session.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // The snapshot is taken by the first statement: the version must come from that very snapshot.
    const [snap] = (await session.query<{ version: string }>(SNAPSHOT_VERSION_SQL)).rows;
    if (!snap) throw new ServiceError('pg_current_snapshot() returned nothing');
    const [count] = (await session.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${projection.root.table}`)).rows;
    await session.query(`DECLARE rebuild_ids NO SCROLL CURSOR FOR ${allRootIdsSql(projection)}`);
    return {
      version: Number(snap.version),
      total: Number(count?.n ?? 0),
      async *chunks() {
        for (;;) {
          const ids = (await session.query<{ id: string }>(`FETCH FORWARD ${chunkSize} FROM rebuild_ids`)).rows.map((r) => r.id);
          if (ids.length === 0) return;
          const rows = (await session.query<{ id: string; doc: Doc }>(hydrationSql(projection), [ids])).rows;
          yield { ids, docs: new Map(rows.map((r) => [r.id, r.doc])) };
        }
      },
      async close() {
        await session.query('ROLLBACK').catch(() => undefined);
        session.release();
      },
    };
  } catch (error) {
    session.release(error as Error);
    throw error;
  }
}
