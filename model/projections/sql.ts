// Derives the one set-based hydration query per batch from a projection: a single statement that builds every
// requested document with JSON aggregation. Related single rows are LEFT JOINs; arrays and aggregates are
// correlated subqueries served by the foreign-key indexes. Roots that do not come back are absent in Postgres.
import type { Field, Fields, Hop, Projection } from './declaration.js';
import { renderField } from './render.js';

interface Scope {
  alias: string;
  joins: string[];
  next: () => string;
}

const quote = (key: string): string => `'${key.replaceAll("'", "''")}'`;

const joinOn = (hop: Hop, alias: string, parent: string): string => `${alias}.${hop.key} = ${parent}.${hop.parentKey}`;

function pathFrom(path: readonly Hop[], aliases: readonly string[]): string {
  const [first, ...rest] = path;
  if (!first) throw new Error('an aggregate needs at least one hop');
  const joins = rest.map((step, i) => `JOIN ${step.table} ${aliases[i + 1]} ON ${joinOn(step, aliases[i + 1] ?? '', aliases[i] ?? '')}`);
  return [`FROM ${first.table} ${aliases[0]}`, ...joins].join(' ');
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
      const aliases = field.path.map(() => scope.next());
      const first = field.path[0];
      const where = first ? `WHERE ${joinOn(first, aliases[0] ?? '', scope.alias)}` : '';
      // An array aggregate builds its JSON array itself (json_agg); a scalar one is rendered like a column.
      const value = field.array ? field.sql(aliases) : renderField(field.type, field.sql(aliases), false);
      return [quote(name), `(SELECT ${value} ${pathFrom(field.path, aliases)} ${where})`];
    }
    default: {
      const unreachable: never = field;
      throw new Error(`unknown field ${JSON.stringify(unreachable)}`);
    }
  }
}

function onePair(name: string, field: Extract<Field, { kind: 'one' }>, scope: Scope): string[] {
  const alias = scope.next();
  scope.joins.push(`LEFT JOIN ${field.hop.table} ${alias} ON ${joinOn(field.hop, alias, scope.alias)}`);
  const pairs = fieldPairs(field.fields, { ...scope, alias });
  if (field.flatten) return pairs;
  return [quote(name), `CASE WHEN ${alias}.${field.hop.key} IS NULL THEN NULL ELSE json_build_object(${pairs.join(', ')}) END`];
}

function manySql(field: Extract<Field, { kind: 'many' }>, scope: Scope): string {
  const alias = scope.next();
  const inner: Scope = { alias, joins: [], next: scope.next };
  const object = `json_build_object(${fieldPairs(field.fields, inner).join(', ')})`;
  const orderBy = field.orderBy.map((c) => `${alias}.${c}`).join(', ');
  const from = [`FROM ${field.hop.table} ${alias}`, ...inner.joins].join(' ');
  return `(SELECT coalesce(json_agg(${object} ORDER BY ${orderBy}), '[]'::json) ${from} WHERE ${joinOn(field.hop, alias, scope.alias)})`;
}

function aliasCounter(): () => string {
  let n = 0;
  return () => `t${++n}`;
}

/**
 * The batch query: `$1` is the array of root ids. Returns rows `{ id, doc }`; null fields are stripped so that
 * optional fields (paidAt, payment...) are absent rather than null.
 */
export function hydrationSql(projection: Projection): string {
  const scope: Scope = { alias: 'r', joins: [], next: aliasCounter() };
  const pairs = fieldPairs(projection.fields, scope);
  const key = `r.${projection.root.key}`;
  return [
    `SELECT ${key}::text AS id, json_strip_nulls(json_build_object(${pairs.join(', ')})) AS doc`,
    `FROM ${projection.root.table} r`,
    ...scope.joins,
    `WHERE ${key} = ANY($1)`,
  ].join('\n');
}

/** Every root id, in key order: the starting point of verify and rebuild. */
export const allRootIdsSql = (projection: Projection): string =>
  `SELECT ${projection.root.key}::text AS id FROM ${projection.root.table} ORDER BY ${projection.root.key}`;
