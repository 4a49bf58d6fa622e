// Which tables the table-change connector must capture, derived from the declarations: every table a projection
// reads (its root, the tables its `one`/`many` hops and aggregate paths reach) plus Sluice's own two, the
// connector's heartbeat row and Debezium's signal table. The publication, the connector's table.include.list, the
// projector's subscription and the decoder's checks all come from here, so adding a projection is enough to have
// its tables captured (`sluice apply` brings a running system to it).
import { HEARTBEAT_TABLE, SIGNAL_TABLE } from '../../lib/names.js';
import type { TableName } from '../change/change.js';
import type { Projection } from './declaration.js';
import { dependencies } from './dependencies.js';

export interface CapturedTable {
  /** The columns some projection reads there (join keys included): an image lacking one is schema drift. */
  columns: readonly string[];
  /** The projections that read it; empty for Sluice's own tables. */
  readBy: readonly string[];
}

/** Sluice's own tables and the columns its code relies on. Their changes route nowhere. */
export const sluiceTables: Readonly<Record<TableName, CapturedTable>> = {
  [HEARTBEAT_TABLE]: { columns: ['id', 'beat_at'], readBy: [] },
  // Debezium writes its incremental snapshot windows here and reads signals from here (`sluice apply`).
  [SIGNAL_TABLE]: { columns: ['id', 'type'], readBy: [] },
};

/** The captured tables, projection tables first in first-seen order, then Sluice's own. */
export function capturedTablesOf(projections: readonly Projection[]): Readonly<Record<TableName, CapturedTable>> {
  const out: Record<TableName, { columns: string[]; readBy: string[] }> = {};
  for (const p of projections) {
    for (const d of dependencies(p)) {
      const entry = (out[d.table] ??= { columns: [], readBy: [] });
      for (const column of d.columns) if (!entry.columns.includes(column)) entry.columns.push(column);
      if (!entry.readBy.includes(p.name)) entry.readBy.push(p.name);
    }
  }
  for (const [table, spec] of Object.entries(sluiceTables)) {
    if (out[table]) throw new Error(`table ${table} is Sluice's own and cannot be read by a projection`);
    out[table] = { columns: [...spec.columns], readBy: [] };
  }
  return out;
}

/** Debezium's name for a captured table in table.include.list, signal data and notifications. */
export const qualifiedTable = (table: TableName, schema = 'public'): string => `${schema}.${table}`;
