// Which tables need before images for column-aware routing, and what to tell the operator when one has none.
// Postgres logs an update's old row only under REPLICA IDENTITY FULL (DEFAULT logs nothing unless the key
// changed; USING INDEX logs the index columns). Without it an update cannot be compared column by column and
// routing falls back to "every update routes": exact, but the cost of a restock grows with the store's history.
import type { TableName } from '../change/change.js';
import type { Projection } from './declaration.js';
import { dependencies } from './dependencies.js';

export type ReplicaIdentity = 'full' | 'default' | 'index' | 'nothing';

export interface BeforeImageStatus {
  table: TableName;
  identity: ReplicaIdentity;
  /** True when updates carry every column's old value, so unread-column updates can be skipped. */
  beforeImages: boolean;
  /** The projections that read the table, for the message. */
  readBy: string[];
  /** The statement that fixes it, or null when nothing needs fixing. */
  fix: string | null;
}

/** Every table the projections read, in first-seen order. */
export function tablesRead(projections: readonly Projection[]): Map<TableName, string[]> {
  const out = new Map<TableName, string[]>();
  for (const p of projections) {
    for (const d of dependencies(p)) {
      const readers = out.get(d.table) ?? [];
      if (!readers.includes(p.name)) readers.push(p.name);
      out.set(d.table, readers);
    }
  }
  return out;
}

export function beforeImageStatus(projections: readonly Projection[], identities: ReadonlyMap<string, ReplicaIdentity>, schema = 'public'): BeforeImageStatus[] {
  return [...tablesRead(projections)].map(([table, readBy]) => {
    const identity = identities.get(table) ?? 'default';
    const beforeImages = identity === 'full';
    return { table, identity, beforeImages, readBy, fix: beforeImages ? null : `ALTER TABLE ${schema}.${table} REPLICA IDENTITY FULL;` };
  });
}

/** One line for the log, `sluice lag` and the console. */
export const beforeImageWarning = (s: BeforeImageStatus): string =>
  `table ${s.table} has REPLICA IDENTITY ${s.identity.toUpperCase()}: its updates carry no before image, so every update ` +
  `re-renders every ${s.readBy.join('/')} document that reads it, whatever changed; fix: ${s.fix ?? '-'}`;
