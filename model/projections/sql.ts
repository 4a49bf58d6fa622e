// Derives the one set-based hydration query per batch from a projection: a single statement that builds every
// requested document with JSON aggregation. Its shape leaves the planner no table walk for a small document: related
// single rows are LEFT JOINs on their keys; arrays are correlated subqueries on the foreign key; aggregates over the
// same path share one LATERAL subquery driven by the parent's key, each further hop of the path behind an
// `OFFSET 0` fence (one index lookup per row already reached, never a hash join over the whole table); latest-of is
// `ORDER BY ... DESC LIMIT 1` over the (key, column) index indexes.ts derives. Roots that do not come back are absent.
import type { Field, Fields, Hop, Projection } from './declaration.js';
import { dependencies } from './dependencies.js';
import { renderField } from './render.js';
import { summaryFields, type SummaryField } from './summary.js';
import { summaryValueSql } from './summarySql.js';

/** Aggregates over one path from one row: one LATERAL subquery, one output column each. */
interface Group {
  alias: string;
  /** The aliases of the path's tables inside the subquery, as the expressions receive them. */
  aliases: string[];
  from: string;
  values: string[];
}

interface Scope {
  alias: string;
  /** The FROM clause's joins after the scope's table: `one` joins as text, aggregate groups filled as fields come. */
  joins: (string | Group)[];
  groups: Map<string, Group>;
  next: () => string;
  /** The incremental aggregates read from their summary rows, by field name (the root scope's only). */
  summaries?: ReadonlyMap<string, SummaryField>;
}

const quote = (key: string): string => `'${key.replaceAll("'", "''")}'`;

const joinOn = (hop: Hop, alias: string, parent: string): string => `${alias}.${hop.key} = ${parent}.${hop.parentKey}`;

const joinText = (join: string | Group): string =>
  typeof join === 'string' ? join : `LEFT JOIN LATERAL (SELECT ${join.values.map((v, i) => `${v} AS v${i}`).join(', ')} ${join.from}) ${join.alias} ON true`;

/** `FROM first a1 CROSS JOIN LATERAL (... a2 ... OFFSET 0) a2 ... WHERE a1.key = parent.parentKey`. */
function pathFrom(path: readonly Hop[], aliases: readonly string[], parent: string): string {
  const [first, ...rest] = path;
  if (!first) throw new Error('an aggregate needs at least one hop');
  // OFFSET 0 keeps each step a subquery of its own, run per row reached: the planner cannot flatten it into a join
  // it might answer with a scan of the whole table.
  const steps = rest.map((step, i) => `CROSS JOIN LATERAL (SELECT * FROM ${step.table} x WHERE ${joinOn(step, 'x', aliases[i] ?? '')} OFFSET 0) ${aliases[i + 1]}`);
  return [`FROM ${first.table} ${aliases[0]}`, ...steps, `WHERE ${joinOn(first, aliases[0] ?? '', parent)}`].join(' ');
}

function fieldPairs(fields: Fields, scope: Scope): string[] {
  return Object.entries(fields).flatMap(([name, field]) => fieldPair(name, field, scope));
}

function fieldPair(name: string, field: Field, scope: Scope): string[] {
  switch (field.kind) {
    case 'column':
      return [quote(name), renderField(field.type, `${scope.alias}.${field.column}`, field.array)];
    case 'computed':
      return [quote(name), renderField(field.type, field.sql(scope.alias), field.array)];
    case 'one':
      return onePair(name, field, scope);
    case 'many':
      return [quote(name), manySql(field, scope)];
    case 'aggregate': {
      const summary = scope.summaries?.get(name);
      if (summary) return [quote(name), renderField(field.type, summaryValueSql(summary, scope.alias, field.type), false)];
      return [quote(name), field.latest === undefined ? groupedValue(field, scope) : latestSql(field, field.latest, scope)];
    }
    default: {
      const unreachable: never = field;
      throw new Error(`unknown field ${JSON.stringify(unreachable)}`);
    }
  }
}

type Aggregate = Extract<Field, { kind: 'aggregate' }>;

/** The aggregate's column of its path's group (created at the first aggregate over that path from this row). */
function groupedValue(field: Aggregate, scope: Scope): string {
  const key = `${scope.alias}:${field.path.map((h) => `${h.table}.${h.key}=${h.parentKey}`).join('/')}`;
  let group = scope.groups.get(key);
  if (!group) {
    const aliases = field.path.map(() => scope.next());
    group = { alias: scope.next(), aliases, from: pathFrom(field.path, aliases, scope.alias), values: [] };
    scope.groups.set(key, group);
    scope.joins.push(group);
  }
  const { aliases } = group;
  // An array aggregate builds its JSON array itself (json_agg); a scalar one is rendered like a column.
  group.values.push(field.array ? field.sql(aliases) : renderField(field.type, field.sql(aliases), false));
  return `${group.alias}.v${group.values.length - 1}`;
}

function latestSql(field: Aggregate, column: string, scope: Scope): string {
  const aliases = field.path.map(() => scope.next());
  const value = `${aliases.at(-1)}.${column}`;
  // max() ignores NULLs: so does this, and an empty path is NULL (absent) as max() of no rows is.
  return `(SELECT ${renderField(field.type, value, false)} ${pathFrom(field.path, aliases, scope.alias)} AND ${value} IS NOT NULL ORDER BY ${value} DESC LIMIT 1)`;
}

function onePair(name: string, field: Extract<Field, { kind: 'one' }>, scope: Scope): string[] {
  const alias = scope.next();
  scope.joins.push(`LEFT JOIN ${field.hop.table} ${alias} ON ${joinOn(field.hop, alias, scope.alias)}`);
  const pairs = fieldPairs(field.fields, { alias, joins: scope.joins, groups: scope.groups, next: scope.next });
  if (field.flatten) return pairs;
  return [quote(name), `CASE WHEN ${alias}.${field.hop.key} IS NULL THEN NULL ELSE json_build_object(${pairs.join(', ')}) END`];
}

function manySql(field: Extract<Field, { kind: 'many' }>, scope: Scope): string {
  const alias = scope.next();
  const inner: Scope = { alias, joins: [], groups: new Map(), next: scope.next };
  const object = `json_build_object(${fieldPairs(field.fields, inner).join(', ')})`;
  const orderBy = field.orderBy.map((c) => `${alias}.${c}`).join(', ');
  const from = [`FROM ${field.hop.table} ${alias}`, ...inner.joins.map(joinText)].join(' ');
  return `(SELECT coalesce(json_agg(${object} ORDER BY ${orderBy}), '[]'::json) ${from} WHERE ${joinOn(field.hop, alias, scope.alias)})`;
}

function aliasCounter(): () => string {
  let n = 0;
  return () => `t${++n}`;
}

/**
 * The batch query: `$1` is the array of root ids. Returns rows `{ id, doc }`; null fields are stripped so that
 * optional fields (paidAt, payment...) are absent rather than null. Incremental aggregates are read from their
 * summary rows; `recompute` computes them from the source rows instead, as verify does to catch a drifted summary.
 */
export function hydrationSql(projection: Projection, opts: { recompute?: boolean } = {}): string {
  const summaries = new Map(opts.recompute ? [] : summaryFields(projection).map((f) => [f.field, f]));
  const scope: Scope = { alias: 'r', joins: [], groups: new Map(), next: aliasCounter(), summaries };
  const pairs = fieldPairs(projection.fields, scope);
  const key = `r.${projection.root.key}`;
  return [
    `SELECT ${key}::text AS id, json_strip_nulls(json_build_object(${pairs.join(', ')})) AS doc`,
    `FROM ${projection.root.table} r`,
    ...scope.joins.map(joinText),
    `WHERE ${key} = ANY($1)`,
  ].join('\n');
}

/** Every root id, in key order: the starting point of verify and rebuild. */
export const allRootIdsSql = (projection: Projection): string =>
  `SELECT ${projection.root.key}::text AS id FROM ${projection.root.table} ORDER BY ${projection.root.key}`;

/** The hydration of one field alone (with the root row): what `sluice projection describe` explains per hop. */
export const fieldHydrationSql = (projection: Projection, field: string): string => {
  const declared = projection.fields[field];
  if (!declared) throw new Error(`projection ${projection.name} has no field ${field}`);
  return hydrationSql({ ...projection, fields: { [field]: declared } });
};

/**
 * Opens the read-only REPEATABLE READ transaction a document is built in, locking every table the projection reads
 * BEFORE the snapshot is taken (LOCK takes no snapshot; the first SELECT does). A table rewrite (ALTER ... TYPE)
 * stamps every row with its own xid, so a snapshot taken while it runs sees the rewritten table as empty once it
 * commits: holding ACCESS SHARE first makes the snapshot wait for the rewrite instead (T23).
 */
export const beginSnapshotSql = (projection: Projection): string =>
  `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; LOCK TABLE ${[...new Set(dependencies(projection).map((d) => d.table))].join(', ')} IN ACCESS SHARE MODE`;
