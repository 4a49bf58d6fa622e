// `sluice reproject <projection> --id ... | --root <table>:<id>`: re-hydrates chosen documents through the very
// path the live stream uses (fresh snapshot, snapshot version, every target including a running rebuild), so a
// partial re-projection can never overwrite something newer.
import type { RowChange } from '../../model/change/change.js';
import type { TableName } from '../../model/change/change.js';
import { capturedTables, isTableName } from '../../model/registry.js';
import type { DirtyWork, Hydrator } from '../hydrate/hydrator.js';
import type { Projection } from '../../model/projections/declaration.js';
import { planDirty } from '../../model/projections/routing.js';
import type { SqlPool } from '../ports.js';
import { createSummaryStore } from '../adapters/postgres/summaries.js';

/** Parses `customers:<id>`; the id is the row's `id` column. */
export function parseRoot(spec: string): { table: TableName; id: string } {
  const at = spec.indexOf(':');
  const table = spec.slice(0, at);
  if (at < 1 || !isTableName(table) || at === spec.length - 1) {
    throw new Error(`--root ${spec}: expected <table>:<id> with table one of ${Object.keys(capturedTables).join(', ')}`);
  }
  return { table, id: spec.slice(at + 1) };
}

/** Every document of `projection` that shows the row `table.id = id`: the same routing a change would take. */
export async function rootsTouchedBy(pool: SqlPool, projection: Projection, table: TableName, id: string): Promise<string[]> {
  const change = {
    kind: 'update', table, before: null, after: { id },
    source: { lsn: null, txId: null, tsMs: null }, coordinates: { topic: 'reproject', partition: 0, offset: '0' },
  } as RowChange;
  const plan = planDirty(projection, change);
  const found = new Set(plan.direct);
  for (const lookup of plan.lookups) {
    for (const row of (await pool.query<{ id: string }>(lookup.sql, [lookup.values])).rows) found.add(row.id);
  }
  return [...found];
}

/**
 * Re-hydrates `ids`. Given `pg`, the incremental aggregates' summary rows of those roots are recomputed from the
 * source rows first, so a drifted summary is repaired rather than copied again.
 */
export async function reproject(hydrator: Hydrator, projection: Projection, ids: readonly string[], chunkSize = 500, pg?: SqlPool): Promise<number> {
  const unique = [...new Set(ids)];
  const summaries = pg ? createSummaryStore(pg, [projection]) : undefined;
  for (let i = 0; i < unique.length; i += chunkSize) {
    await summaries?.repairRoots(projection.name, unique.slice(i, i + chunkSize));
    const work = unique.slice(i, i + chunkSize).map((id): DirtyWork => ({ id, txIds: [], tsMs: null, topic: 'reproject', partition: 0, offset: '0' }));
    await hydrator.hydrate(projection, work, () => Promise.resolve(true));
  }
  return unique.length;
}
