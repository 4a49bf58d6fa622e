// Builds documents from one consistent Postgres snapshot that provably includes the causing transactions.
// A commit is in the WAL (and so in Kafka) before other sessions can see it; reading too early would build a
// document without the change and stamp it with a version that then blocks the right one. So: take the snapshot,
// ask pg_visible_in_snapshot() about every causing transaction, and if one is missing retake the snapshot.
import { ServiceError } from '../../lib/errors.js';
import { parseSnapshot, type PgSnapshot } from '../../lib/visibility.js';
import type { Projection } from '../../model/projections/declaration.js';
import { beginSnapshotSql, hydrationSql } from '../../model/projections/sql.js';
import type { SqlPool, SqlSession } from '../ports.js';
import type { Doc } from '../../model/bulk/bulkPlan.js';
import { INVISIBLE_SQL, SNAPSHOT_VERSION_SQL, toFullXid } from '../../model/bulk/versioning.js';

export interface SnapshotRead {
  version: number;
  /** The snapshot itself: which transactions the documents include. */
  snapshot: PgSnapshot;
  docs: Map<string, Doc>;
  /** How many snapshots were retaken before all causes were visible. */
  waits: number;
}

export interface SnapshotReader {
  read(projection: Projection, ids: readonly string[], txIds: readonly number[]): Promise<SnapshotRead>;
}

export interface SnapshotReaderDeps {
  pool: SqlPool;
  visibilityTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

type Attempt = { ok: true; read: Omit<SnapshotRead, 'waits'> } | { ok: false };

async function attempt(session: SqlSession, projection: Projection, ids: readonly string[], txIds: readonly number[]): Promise<Attempt> {
  await session.query(beginSnapshotSql(projection));
  try {
    const [snap] = (await session.query<{ snapshot: string; xmax: string; version: string }>(SNAPSHOT_VERSION_SQL)).rows;
    if (!snap) throw new ServiceError('pg_current_snapshot() returned nothing');
    const xids = [...new Set(txIds)].map((x) => toFullXid(x, BigInt(snap.xmax)).toString());
    if (xids.length > 0 && (await session.query(INVISIBLE_SQL, [xids])).rows.length > 0) return { ok: false };
    const rows = (await session.query<{ id: string; doc: Doc }>(hydrationSql(projection), [ids])).rows;
    return { ok: true, read: { version: Number(snap.version), snapshot: parseSnapshot(snap.snapshot), docs: new Map(rows.map((r) => [r.id, r.doc])) } };
  } finally {
    await session.query('ROLLBACK');
  }
}

export function createSnapshotReader(deps: SnapshotReaderDeps): SnapshotReader {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = deps.now ?? Date.now;
  const timeoutMs = deps.visibilityTimeoutMs ?? 30_000;
  return {
    async read(projection, ids, txIds) {
      const session = await deps.pool.session();
      const deadline = now() + timeoutMs;
      try {
        for (let waits = 0; ; waits++) {
          const result = await attempt(session, projection, ids, txIds);
          if (result.ok) return { ...result.read, waits };
          if (now() > deadline) throw new ServiceError(`causing transactions ${txIds.join(',')} still invisible after ${timeoutMs} ms`);
          await sleep(Math.min(200, 2 ** waits));
        }
      } finally {
        session.release();
      }
    },
  };
}
