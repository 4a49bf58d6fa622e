// The SQL of incremental aggregates (summary.ts, docs/design.md decision 11). Three tables in Sluice's own schema:
// `contribution` holds, per field and row of the path's first table (`source`), the root it belongs to and its share
// of the value; `aggregate` holds per field and root the sum of the shares; `summary` says which fields were built.
// A refresh recomputes the shares of some rows from the source tables and moves each aggregate by (new - old); a
// build recomputes every share from one statement's snapshot; the hydration reads the aggregate row, one index probe.
import type { FieldType } from './declaration.js';
import { KEY_SEPARATOR, SUMMARY_SCHEMA, type SummaryField } from './summary.js';

const S = SUMMARY_SCHEMA;
export const SUMMARY_TABLES = { summary: `${S}.summary`, contribution: `${S}.contribution`, aggregate: `${S}.aggregate` } as const;

/** The schema, for a database migrated by someone else (the same as migration 0008). */
export const SUMMARY_DDL = `CREATE SCHEMA IF NOT EXISTS ${S};
CREATE TABLE IF NOT EXISTS ${S}.summary (field text PRIMARY KEY, built_at timestamptz NOT NULL);
CREATE TABLE IF NOT EXISTS ${S}.contribution (field text NOT NULL, source text NOT NULL, root text NOT NULL, value numeric NOT NULL, PRIMARY KEY (field, source));
CREATE INDEX IF NOT EXISTS contribution_root_idx ON ${S}.contribution (field, root);
CREATE TABLE IF NOT EXISTS ${S}.aggregate (field text NOT NULL, root text NOT NULL, value numeric NOT NULL, PRIMARY KEY (field, root));`;

const lit = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/** The composed key of a first-table row, as summary.ts composes it from an image. */
const sourceOf = (f: SummaryField): string => f.rowKey.map((c) => `a0.${c}::text`).join(` || ${lit(KEY_SEPARATOR)} || `);

/**
 * Each selected first-table row's share: `(source, root, value)`. `fenced` joins the second table per row (one index
 * lookup each: a refresh of a few rows); unfenced lets the planner join whole tables (a build of every row).
 */
export function contributionSql(f: SummaryField, where: string, fenced: boolean): string {
  const [first, second] = f.path;
  if (!first) throw new Error(`${f.key}: an aggregate needs at least one hop`);
  const join = !second
    ? ''
    : fenced
      ? `CROSS JOIN LATERAL (SELECT * FROM ${second.table} x WHERE x.${second.key} = a0.${second.parentKey} OFFSET 0) a1`
      : `JOIN ${second.table} a1 ON a1.${second.key} = a0.${second.parentKey}`;
  return [
    `SELECT ${sourceOf(f)} AS source, a0.${first.key}::text AS root, (${f.sql(f.path.map((_, i) => `a${i}`))})::numeric AS value`,
    `FROM ${first.table} a0 ${join}`,
    `WHERE a0.${first.key} IS NOT NULL AND (${where})`,
    `GROUP BY ${[...f.rowKey.map((c) => `a0.${c}`), `a0.${first.key}`].join(', ')}`,
  ].join(' ');
}

/**
 * Recomputes the shares of `fresh`'s rows and of the stored rows `stored` names (a condition on `c` that may use
 * `FRESH`, the array of fresh sources); moves each aggregate by the difference. Every lookup of stored rows goes
 * through `= ANY(ARRAY(...))`, an index probe per source: an `IN (subquery)` here was planned as a scan of every
 * stored row of the field, a cost that grew with the store.
 */
function applySql(f: SummaryField, where: string, stored: string): string {
  const { contribution, aggregate } = SUMMARY_TABLES;
  return `WITH fresh AS (${contributionSql(f, where, true)}),
old AS (SELECT c.source, c.root, c.value FROM ${contribution} c WHERE c.field = $1 AND ${stored.replaceAll('FRESH', 'ARRAY(SELECT source FROM fresh)')}),
gone AS (DELETE FROM ${contribution} c WHERE c.field = $1 AND c.source = ANY(ARRAY(SELECT source FROM old EXCEPT SELECT source FROM fresh))),
kept AS (INSERT INTO ${contribution} AS c (field, source, root, value) SELECT $1, source, root, value FROM fresh
  ON CONFLICT (field, source) DO UPDATE SET root = excluded.root, value = excluded.value WHERE (c.root, c.value) IS DISTINCT FROM (excluded.root, excluded.value)),
delta AS (SELECT root, sum(v) AS v FROM (SELECT root, value AS v FROM fresh UNION ALL SELECT root, -value FROM old) d GROUP BY root HAVING sum(v) <> 0)
INSERT INTO ${aggregate} AS a (field, root, value) SELECT $1, root, v FROM delta ORDER BY root
ON CONFLICT (field, root) DO UPDATE SET value = a.value + excluded.value`;
}

/**
 * A refresh of chosen rows. Parameters: $1 the field key, $2 the composed keys (text[]), then one array per row key
 * column (the keyed rows are looked up by all of them), then the values of the second hop's link (rows linked to a
 * changed second-table row). An empty array selects nothing.
 */
export function refreshSql(f: SummaryField): string {
  const byKey = f.rowKey.map((c, i) => `a0.${c} = ANY($${i + 3})`).join(' AND ');
  const second = f.path[1];
  const byParent = second ? ` OR a0.${second.parentKey} = ANY($${f.rowKey.length + 3})` : '';
  return applySql(f, `(${byKey})${byParent}`, 'c.source = ANY(FRESH || $2::text[])');
}

/** Recomputes every share of the roots $2 (text[], also $3 untyped for the source's key type), then their aggregates exactly. */
export function repairRootsSql(f: SummaryField): string[] {
  const first = f.path[0]!;
  const { contribution, aggregate } = SUMMARY_TABLES;
  return [
    applySql(f, `a0.${first.key} = ANY($3)`, '(c.root = ANY($2::text[]) OR c.source = ANY(FRESH))'),
    `WITH exact AS (SELECT r AS root, coalesce((SELECT sum(c.value) FROM ${contribution} c WHERE c.field = $1 AND c.root = r), 0) AS v FROM unnest($2::text[]) r),
gone AS (DELETE FROM ${aggregate} a USING exact WHERE a.field = $1 AND a.root = exact.root AND exact.v = 0)
INSERT INTO ${aggregate} AS a (field, root, value) SELECT $1, root, v FROM exact WHERE v <> 0 ORDER BY root
ON CONFLICT (field, root) DO UPDATE SET value = excluded.value`,
  ];
}

/**
 * Rebuilds one field from one statement's snapshot; $1 is the field key. The aggregates are set in place, and the
 * statement that sets them returns the roots whose value it changed (`root`): their documents must be hydrated again.
 */
export function buildSql(f: SummaryField): string[] {
  const { summary, contribution, aggregate } = SUMMARY_TABLES;
  return [
    `DELETE FROM ${contribution} WHERE field = $1`,
    `INSERT INTO ${contribution} (field, source, root, value) SELECT $1, source, root, value FROM (${contributionSql(f, 'true', false)}) s`,
    `WITH fresh AS (SELECT root, sum(value) AS v FROM ${contribution} WHERE field = $1 GROUP BY root HAVING sum(value) <> 0),
old AS (SELECT root, value FROM ${aggregate} WHERE field = $1),
gone AS (DELETE FROM ${aggregate} a WHERE a.field = $1 AND a.root = ANY(ARRAY(SELECT root FROM old EXCEPT SELECT root FROM fresh))),
put AS (INSERT INTO ${aggregate} AS a (field, root, value) SELECT $1, root, v FROM fresh ORDER BY root
  ON CONFLICT (field, root) DO UPDATE SET value = excluded.value WHERE a.value IS DISTINCT FROM excluded.value)
SELECT coalesce(f.root, o.root) AS root FROM fresh f FULL JOIN old o ON o.root = f.root WHERE coalesce(f.v, 0) <> coalesce(o.value, 0)`,
    `INSERT INTO ${summary} (field, built_at) VALUES ($1, now()) ON CONFLICT (field) DO UPDATE SET built_at = now()`,
  ];
}

/** Serializes every refresh, repair and build of one field, across processes: `pg_advisory_xact_lock` of this pair. */
export const LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtext('sluice.summary'), hashtext($1))";

/** The fields of `keys` that were built. */
export const BUILT_SQL = `SELECT field FROM ${SUMMARY_TABLES.summary} WHERE field = ANY($1::text[])`;

/** The hydrated value of an incremental aggregate for the root row `root`: its aggregate row, or 0 without one. */
export function summaryValueSql(f: SummaryField, root: string, type: FieldType): string {
  const first = f.path[0]!;
  const value = `coalesce((SELECT s.value FROM ${SUMMARY_TABLES.aggregate} s WHERE s.field = ${lit(f.key)} AND s.root = ${root}.${first.parentKey}::text), 0)`;
  return type === 'integer' || type === 'long' ? `(${value})::bigint` : value;
}
