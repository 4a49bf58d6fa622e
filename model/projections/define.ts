// The declarative projection API. A projection names its root table and describes the document as a tree of
// columns, computed expressions, related rows (many-to-one / one-to-one as `one`, one-to-many as `many`, nested
// to any depth) and aggregates over a path of related tables. From this one declaration Sluice derives the
// Elasticsearch mapping, the set-based hydration SQL, and which changes dirty which documents.
import type { TableName } from '../change/change.js';
import type { ScaledFloat, FieldType, ValueOptions, Hop, Field, Fields, Projection } from './declaration.js';
import { insideMany, markedPaths } from './marks.js';
import { undeclaredReads } from './reads.js';
import { incrementalProblems } from './summary.js';

/**
 * What the ops search may use of a projection: the searchable paths and the summary (marked paths, `id` first),
 * both without the paths marked personal.
 */
export const opsView = (projection: Projection): { searchable: string[]; summary: string[] } => {
  const personal = new Set(projection.query?.personal ?? []);
  const open = (paths: readonly string[]) => paths.filter((p) => !personal.has(p));
  const searchable = (projection.query?.searchable ?? []).filter((p) => !insideMany(projection.fields, p));
  return { searchable: open(searchable), summary: open(markedPaths(projection)) };
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
 * `incremental` keeps the value in a summary row maintained from each change (docs/design.md decision 11) instead of
 * recomputing it from every row of the path: allowed for `count(*)` and `coalesce(sum(...), 0)`, with or without
 * FILTER, at the top of the document, over a path of one or two hops. `true` identifies the rows of the path's
 * first table by `id`; `{ rowKey: [...] }` names their primary key columns when it is another.
 */
export const aggregate = (
  path: readonly Hop[],
  type: FieldType,
  reads: readonly (readonly string[])[],
  sql: (aliases: readonly string[]) => string,
  opts: { array?: boolean; incremental?: boolean | { rowKey: readonly string[] } } = {},
): Field => ({
  kind: 'aggregate', path, reads, sql, type, array: opts.array ?? false,
  ...(opts.incremental ? { incremental: { rowKey: opts.incremental === true ? ['id'] : opts.incremental.rowKey } } : {}),
});

/**
 * The largest value of `column` over the rows reached through `path` (max(), ignoring NULLs): "the customer's latest
 * order". Hydrated as `ORDER BY column DESC LIMIT 1`, which an index on (the last hop's key, column) answers in a
 * few buffers however many rows the path reaches (indexes.ts derives it).
 */
export function latest(path: readonly Hop[], column: string, type: FieldType): Field {
  const reads = path.map((_, i) => (i === path.length - 1 ? [column] : []));
  return { kind: 'aggregate', path, reads, sql: (aliases) => `max(${aliases.at(-1)}.${column})`, type, array: false, latest: column };
}

/** Checks the declaration (every expression reads only the columns it declares) and returns it unchanged. */
export function defineProjection<const N extends string>(projection: Projection<N>): Projection<N> {
  const problems = [...undeclaredReads(projection), ...incrementalProblems(projection)];
  if (problems.length > 0) throw new Error(`projection ${projection.name}: ${problems.join('; ')}`);
  return projection;
}
