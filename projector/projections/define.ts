// The declarative projection API. A projection names its root table and describes the document as a tree of
// columns, computed expressions, related rows (many-to-one / one-to-one as `one`, one-to-many as `many`, nested
// to any depth) and aggregates over a path of related tables. From this one declaration Sluice derives the
// Elasticsearch mapping, the set-based hydration SQL, and which changes dirty which documents.
import type { TableName } from '../cdc/tables.js';
import { undeclaredReads } from './reads.js';

/**
 * How a value is indexed, and how it leaves Postgres as JSON (projections/render.ts). `search` is analyzed text with
 * a `.keyword` subfield for filters, facets and sorting; `geo_point` reads a Postgres `point` (x = longitude,
 * y = latitude), see `geoPoint` for two numeric columns.
 */
export type ScalarType = 'keyword' | 'search' | 'text' | 'long' | 'integer' | 'double' | 'date' | 'boolean' | 'geo_point';

/**
 * A number kept to a fixed precision: rounded to 1/scalingFactor in SQL (100 keeps two decimals). Mapped as
 * `double`, because Elasticsearch's own `scaled_float` lives in the mapper-extras module, absent from the core-only
 * node (docs/design.md decision 9); values and queries are the same, only the disk saving is not.
 */
export interface ScaledFloat {
  type: 'scaled_float';
  scalingFactor: number;
}

export type FieldType = ScalarType | ScaledFloat;

/** `{ array: true }`: the column or expression is a Postgres array (text[], int[]...), indexed as many values. */
export interface ValueOptions {
  array?: boolean;
}

/** A join step: rows of `table` whose `key` equals the parent row's `parentKey`. */
export interface Hop {
  table: TableName;
  key: string;
  parentKey: string;
}

export type Field =
  | { kind: 'column'; column: string; type: FieldType; array: boolean }
  | { kind: 'computed'; reads: readonly string[]; sql: (row: string) => string; type: FieldType; array: boolean }
  | { kind: 'one'; hop: Hop; fields: Fields; flatten: boolean }
  | { kind: 'many'; hop: Hop; fields: Fields; orderBy: readonly string[] }
  | {
      kind: 'aggregate';
      path: readonly Hop[];
      /** `reads[i]`: the columns of `path[i]`'s table the expression reads (join keys are implied by the path). */
      reads: readonly (readonly string[])[];
      sql: (aliases: readonly string[]) => string;
      type: FieldType;
      /** The expression builds a JSON array itself (e.g. `json_agg`); its value is taken as it is. */
      array: boolean;
    };

export type Fields = Readonly<Record<string, Field>>;

/**
 * What the query API's derived routes offer over a projection (api/query/derived, ADDING_A_PROJECTION.md). Each
 * entry is a document path: a field, or a field of a `one` object (`customer.tier`); fields inside `many` are
 * nested documents and are left to hand-written routes. The query API checks each path and its type when it starts.
 */
export interface QueryMarks {
  /** Keyword and boolean fields: an exact value (`?tier=gold`); numbers: `min<Field>`/`max<Field>`; dates: `<field>From`/`<field>To`. */
  filterable?: readonly string[];
  /** `sort=<field>:asc|desc`; `id` is always sortable and breaks ties. */
  sortable?: readonly string[];
  /** A terms aggregation per field, answered as `facets.<field>`. */
  facetable?: readonly string[];
  /** The fields the full text `q` searches. */
  searchable?: readonly string[];
  /** `<field>:asc|desc` over a sortable field; by default the first sortable field ascending, else `id:asc`. */
  defaultSort?: string;
  /**
   * Paths that hold personal data (a person's name, email). The query API serves them to the `queries` scope as
   * declared; the ops service's search neither searches nor shows them, so the `ops` scope reads no personal data.
   */
  personal?: readonly string[];
}

export interface Projection<N extends string = string> {
  /** Also the alias and the index prefix: documents live in `<name>_v<version>` behind the alias `<name>`. */
  name: N;
  /** Bumped whenever the mapping changes: a new index is built and the alias swapped. */
  version: number;
  root: { table: TableName; key: string };
  fields: Fields;
  /** Optional: the fields the query API filters, sorts, facets and searches on (QueryMarks). */
  query?: QueryMarks;
}

/** Every path a declaration marks for query use, `id` first, once each: what a short summary of a document shows. */
export const markedPaths = (projection: Projection): string[] => {
  const q = projection.query ?? {};
  return [...new Set(['id', ...(q.searchable ?? []), ...(q.facetable ?? []), ...(q.filterable ?? []), ...(q.sortable ?? [])])];
};

/**
 * What the ops search may use of a projection: the searchable paths and the summary (marked paths, `id` first),
 * both without the paths marked personal.
 */
export const opsView = (projection: Projection): { searchable: string[]; summary: string[] } => {
  const personal = new Set(projection.query?.personal ?? []);
  const open = (paths: readonly string[]) => paths.filter((p) => !personal.has(p));
  return { searchable: open(projection.query?.searchable ?? []), summary: open(markedPaths(projection)) };
};

export const hop = (table: TableName, key: string, parentKey: string): Hop => ({ table, key, parentKey });

export const column = (name: string, type: FieldType, opts: ValueOptions = {}): Field => ({ kind: 'column', column: name, type, array: opts.array ?? false });

/** `scaledFloat(100)`: a floating point value rounded to two decimals (see ScaledFloat). */
export function scaledFloat(scalingFactor: number): ScaledFloat {
  // The factor is written into the SQL: only a positive finite number may get there.
  if (!Number.isFinite(scalingFactor) || scalingFactor <= 0) throw new Error(`scaledFloat needs a positive finite scaling factor, got ${scalingFactor}`);
  return { type: 'scaled_float', scalingFactor };
}

/**
 * An expression over the current row, given its SQL alias. `reads` lists the row's columns it uses: routing skips
 * an update that changes none of the columns a projection reads, so an undeclared column would be a missed update.
 * `defineProjection` refuses an expression that uses a column it does not declare.
 */
export const computed = (type: FieldType, reads: readonly string[], sql: (row: string) => string, opts: ValueOptions = {}): Field => ({
  kind: 'computed',
  reads,
  sql,
  type,
  array: opts.array ?? false,
});

/**
 * A `geo_point` from two numeric columns of the row, latitude first. A row missing either is absent. (A Postgres
 * `point` column needs no helper: `column('location', 'geo_point')`.)
 */
export const geoPoint = (latColumn: string, lonColumn: string): Field =>
  computed('geo_point', [latColumn, lonColumn], (row) => `point(${row}.${lonColumn}, ${row}.${latColumn})`);

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
export function defineProjection<const N extends string>(projection: Projection<N>): Projection<N> {
  const problems = undeclaredReads(projection);
  if (problems.length > 0) throw new Error(`projection ${projection.name}: ${problems.join('; ')}`);
  return projection;
}
