// The declarative projection API. A projection names its root table and describes the document as a tree of
// columns, computed expressions, related rows (many-to-one / one-to-one as `one`, one-to-many as `many`, nested
// to any depth) and aggregates over a path of related tables. From this one declaration Sluice derives the
// Elasticsearch mapping, the set-based hydration SQL, and which changes dirty which documents.
import type { TableName } from '../cdc/tables.js';
import { undeclaredReads } from './reads.js';

/** How a value is indexed. `search` is analyzed text with a `.keyword` subfield for filters, facets and sorting. */
export type FieldType = 'keyword' | 'search' | 'text' | 'long' | 'integer' | 'date' | 'boolean';

/** A join step: rows of `table` whose `key` equals the parent row's `parentKey`. */
export interface Hop {
  table: TableName;
  key: string;
  parentKey: string;
}

export type Field =
  | { kind: 'column'; column: string; type: FieldType }
  | { kind: 'computed'; reads: readonly string[]; sql: (row: string) => string; type: FieldType }
  | { kind: 'one'; hop: Hop; fields: Fields; flatten: boolean }
  | { kind: 'many'; hop: Hop; fields: Fields; orderBy: readonly string[] }
  | {
      kind: 'aggregate';
      path: readonly Hop[];
      /** `reads[i]`: the columns of `path[i]`'s table the expression reads (join keys are implied by the path). */
      reads: readonly (readonly string[])[];
      sql: (aliases: readonly string[]) => string;
      type: FieldType;
      array: boolean;
    };

export type Fields = Readonly<Record<string, Field>>;

export interface Projection {
  /** Also the alias and the index prefix: documents live in `<name>_v<version>` behind the alias `<name>`. */
  name: string;
  /** Bumped whenever the mapping changes: a new index is built and the alias swapped. */
  version: number;
  root: { table: TableName; key: string };
  fields: Fields;
}

export const hop = (table: TableName, key: string, parentKey: string): Hop => ({ table, key, parentKey });

export const column = (name: string, type: FieldType): Field => ({ kind: 'column', column: name, type });

/**
 * An expression over the current row, given its SQL alias. `reads` lists the row's columns it uses: routing skips
 * an update that changes none of the columns a projection reads, so an undeclared column would be a missed update.
 * `defineProjection` refuses an expression that uses a column it does not declare.
 */
export const computed = (type: FieldType, reads: readonly string[], sql: (row: string) => string): Field => ({ kind: 'computed', reads, sql, type });

/** At most one related row, as a nested object, or with `flatten` merged into the parent object. */
export const one = (via: Hop, fields: Fields, opts: { flatten?: boolean } = {}): Field => ({
  kind: 'one',
  hop: via,
  fields,
  flatten: opts.flatten ?? false,
});

/** Related rows as an array of objects, mapped as `nested` so that filters match within one element. */
export const many = (via: Hop, orderBy: readonly string[], fields: Fields): Field => ({ kind: 'many', hop: via, fields, orderBy });

/**
 * An aggregate SQL expression over the rows reached through `path`; `aliases[i]` is the alias of `path[i]` and
 * `reads[i]` the columns of that table the expression uses (checked by `defineProjection`, as for `computed`).
 */
export const aggregate = (
  path: readonly Hop[],
  type: FieldType,
  reads: readonly (readonly string[])[],
  sql: (aliases: readonly string[]) => string,
  opts: { array?: boolean } = {},
): Field => ({ kind: 'aggregate', path, reads, sql, type, array: opts.array ?? false });

/** Checks the declaration (every expression reads only the columns it declares) and returns it unchanged. */
export function defineProjection(projection: Projection): Projection {
  const problems = undeclaredReads(projection);
  if (problems.length > 0) throw new Error(`projection ${projection.name}: ${problems.join('; ')}`);
  return projection;
}
