// One REPEATABLE READ snapshot for a whole rebuild or verify: the version comes from it exactly as in the live
// stream (versioning.ts), root ids stream through a server-side cursor, and each chunk is built inside the same
// transaction (the projection's own batch SQL, or the builder verify is given), so every document sees the same
// committed set. The next chunk is read while the caller works on this one.
import { ServiceError } from '../../lib/errors.js';
import type { Doc } from '../../model/bulk/bulkPlan.js';
import { SNAPSHOT_VERSION_SQL } from '../../model/bulk/versioning.js';
import type { Projection } from '../../model/projections/declaration.js';
import { allRootIdsSql, beginSnapshotSql } from '../../model/projections/sql.js';
import type { SqlPool, SqlSession } from '../ports.js';
import { hydratedDocuments, type ExpectedDocuments } from '../verify/expected.js';

export interface SnapshotChunk {
  ids: string[];
  docs: Map<string, Doc>;
}

export interface RebuildSnapshot {
  version: number;
  /** Roots in the snapshot (or the ids given): what the progress bar counts to. */
  total: number;
  chunks(): AsyncGenerator<SnapshotChunk>;
  close(): Promise<void>;
}

export interface SnapshotOptions {
  /** How documents are built (default: the projection's hydration SQL). */
  build?: ExpectedDocuments;
  /** Only these roots, in the order given, instead of every root of the table. */
  ids?: readonly string[];
  /** Roots in the byte order of their text (what an index sorts its keyword `id` by) rather than in key order. */
  textOrder?: boolean;
}

const idsSql = (projection: Projection, textOrder: boolean): string =>
  textOrder ? `SELECT ${projection.root.key}::text AS id FROM ${projection.root.table} ORDER BY ${projection.root.key}::text COLLATE "C"` : allRootIdsSql(projection);

async function* idPages(session: SqlSession, projection: Projection, size: number, opts: SnapshotOptions): AsyncGenerator<string[]> {
  if (opts.ids) {
    for (let i = 0; i < opts.ids.length; i += size) yield opts.ids.slice(i, i + size);
    return;
  }
  await session.query(`DECLARE snapshot_ids NO SCROLL CURSOR FOR ${idsSql(projection, opts.textOrder ?? false)}`);
  for (;;) {
    const ids = (await session.query<{ id: string }>(`FETCH FORWARD ${size} FROM snapshot_ids`)).rows.map((r) => r.id);
    if (ids.length === 0) return;
    yield ids;
  }
}

/** Chunks built one ahead: the next chunk's query runs while the caller handles this one. */
async function* builtAhead(session: SqlSession, projection: Projection, size: number, opts: SnapshotOptions): AsyncGenerator<SnapshotChunk> {
  const build = opts.build ?? hydratedDocuments;
  const pages = idPages(session, projection, size, opts);
  const read = async (): Promise<SnapshotChunk | undefined> => {
    const next = await pages.next();
    return next.done ? undefined : { ids: next.value, docs: await build(session, projection, next.value) };
  };
  let pending = read();
  for (;;) {
    const chunk = await pending;
    if (!chunk) return;
    pending = read();
    // A caller that stops early must not leave the read ahead's failure unhandled; awaited above, it still throws.
    pending.catch(() => undefined);
    yield chunk;
  }
}

export async function openSnapshot(pool: SqlPool, projection: Projection, chunkSize: number, opts: SnapshotOptions = {}): Promise<RebuildSnapshot> {
  const session = await pool.session();
  try {
    await session.query(beginSnapshotSql(projection));
    // The snapshot is taken by the first statement: the version must come from that very snapshot.
    const [snap] = (await session.query<{ version: string }>(SNAPSHOT_VERSION_SQL)).rows;
    if (!snap) throw new ServiceError('pg_current_snapshot() returned nothing');
    const total = opts.ids ? opts.ids.length : Number((await session.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${projection.root.table}`)).rows[0]?.n ?? 0);
    return {
      version: Number(snap.version),
      total,
      chunks: () => builtAhead(session, projection, chunkSize, opts),
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
