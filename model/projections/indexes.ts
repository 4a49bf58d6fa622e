// The indexes a projection needs, derived from its declaration: every hop is an index lookup, so hydration reads
// rows in proportion to the document, never to the table. A hop reads `table` by `key` (hydration) and, to find the
// documents a changed row dirties, its parent table by `parentKey` (routing's fan-out); latest-of reads (key, column)
// in order. `sluice projection describe` names a missing one with its DDL, `sluice apply` creates it CONCURRENTLY,
// and the projector warns at start. An index serves a need when its leading key columns are the needed ones.
import type { Fields, Hop, Projection } from './declaration.js';

export interface IndexNeed {
  table: string;
  columns: readonly string[];
  /** `customers.lastOrderAt: latest-of`, `orders.lines: hydration`...: the field and the use. */
  why: string;
}

/** An index as the catalog has it: its key columns in order (an expression column is null). */
export interface ExistingIndex {
  table: string;
  name: string;
  columns: readonly (string | null)[];
  /** Scans since statistics were reset (pg_stat_user_indexes.idx_scan). */
  scans: number;
  unique: boolean;
}

export interface IndexCheck {
  need: IndexNeed;
  /** The index that serves it, or null: then `ddl` creates one. */
  servedBy: string | null;
  ddl: string | null;
}

function hopNeeds(parentTable: string, hop: Hop, why: string): IndexNeed[] {
  return [
    { table: hop.table, columns: [hop.key], why: `${why}: hydration` },
    { table: parentTable, columns: [hop.parentKey], why: `${why}: fan-out` },
  ];
}

function fieldNeeds(table: string, fields: Fields, prefix: string): IndexNeed[] {
  return Object.entries(fields).flatMap(([name, field]): IndexNeed[] => {
    const why = `${prefix}${name}`;
    switch (field.kind) {
      case 'column':
      case 'computed':
        return [];
      case 'one':
      case 'many':
        return [...hopNeeds(table, field.hop, why), ...fieldNeeds(field.hop.table, field.fields, `${why}.`)];
      case 'aggregate': {
        const needs = field.path.flatMap((h, i) => hopNeeds(i === 0 ? table : field.path[i - 1]!.table, h, why));
        const last = field.path.at(-1);
        if (field.latest !== undefined && last) needs.push({ table: last.table, columns: [last.key, field.latest], why: `${why}: latest-of` });
        return needs;
      }
      default: {
        const unreachable: never = field;
        throw new Error(`unknown field ${JSON.stringify(unreachable)}`);
      }
    }
  });
}

const sameColumns = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((c, i) => c === b[i]);

/** Every index the projection's hops need, once per table and columns (the first field that needs it names it). */
export function indexNeeds(projection: Projection): IndexNeed[] {
  const all = [{ table: projection.root.table, columns: [projection.root.key], why: `${projection.name} root` }, ...fieldNeeds(projection.root.table, projection.fields, `${projection.name}.`)];
  // A need whose columns lead a wider need of the same table is served by the wider index.
  const widest = all.filter((n) => !all.some((m) => m !== n && m.table === n.table && m.columns.length > n.columns.length && sameColumns(m.columns.slice(0, n.columns.length), n.columns)));
  return widest.filter((n, i) => widest.findIndex((m) => m.table === n.table && sameColumns(m.columns, n.columns)) === i);
}

/** `orders_customer_id_placed_at_idx`: the name a derived index gets. */
export const derivedIndexName = (need: Pick<IndexNeed, 'table' | 'columns'>): string => `${need.table}_${need.columns.join('_')}_idx`;

export const createIndexDdl = (need: Pick<IndexNeed, 'table' | 'columns'>): string =>
  `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${derivedIndexName(need)} ON ${need.table} (${need.columns.join(', ')})`;

const serves = (index: ExistingIndex, need: IndexNeed): boolean =>
  index.table === need.table && need.columns.every((c, i) => index.columns[i] === c);

/** Each need with the index that serves it, or the DDL of the one that would. */
export function checkIndexes(needs: readonly IndexNeed[], existing: readonly ExistingIndex[]): IndexCheck[] {
  return needs.map((need) => {
    const index = existing.find((i) => serves(i, need));
    return { need, servedBy: index?.name ?? null, ddl: index ? null : createIndexDdl(need) };
  });
}

/**
 * Indexes on the tables the projections read that serve none of their needs and are neither unique nor a primary
 * key: candidates to drop, if nothing else (a command, a report) reads through them; their scan count says whether
 * anything did.
 */
export function unneededIndexes(needs: readonly IndexNeed[], existing: readonly ExistingIndex[]): ExistingIndex[] {
  const tables = new Set(needs.map((n) => n.table));
  // An index on a need's leading column helps it even when the need asks for more (customer_id under customer_id, placed_at).
  return existing.filter((i) => tables.has(i.table) && !i.unique && !needs.some((n) => n.table === i.table && n.columns[0] === i.columns[0]));
}
