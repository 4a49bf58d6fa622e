// How a value leaves Postgres as JSON, per field type: the document is built by `json_build_object` in one query
// (sql.ts), so every conversion happens in SQL and the JSON is what Elasticsearch indexes and `verify` compares.
// Numbers stay JSON numbers (never strings), dates are ISO 8601 UTC, a geo_point is `{ lat, lon }`, and a
// Postgres array becomes a JSON array of the same conversions. Types that existed before render exactly as they
// did, so adding a type never makes existing documents stale.
import type { FieldType } from './declaration.js';

/** NaN and ±Infinity are valid float8 but not JSON numbers Elasticsearch accepts: they become absent. */
const finite = (sql: string): string => `nullif(nullif(nullif(${sql}, 'NaN'), 'Infinity'), '-Infinity')`;

/** One value of `type`, given the SQL of its Postgres value. */
export function renderValue(type: FieldType, sql: string): string {
  if (typeof type === 'object') {
    // Kept to the precision scaled_float would keep (round(value * factor) / factor; Postgres rounds halves away
    // from zero), then a float8 so the JSON reads `12.35`, not `12.3500000000000000`.
    const f = String(type.scalingFactor);
    return finite(`(round((${sql})::numeric * ${f}) / ${f})::double precision`);
  }
  switch (type) {
    case 'date':
      return `to_char((${sql}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    case 'double':
      // float8 from numeric, real or an integer: a JSON number in its shortest exact form.
      return finite(`(${sql})::double precision`);
    case 'boolean':
      return `(${sql})::boolean`;
    case 'geo_point':
      // y is the latitude of a Postgres point, x the longitude; the point is evaluated once, a NULL one is absent.
      return `(SELECT CASE WHEN gp.p IS NULL THEN NULL ELSE json_build_object('lat', gp.p[1], 'lon', gp.p[0]) END FROM (SELECT (${sql})::point AS p) gp)`;
    case 'keyword':
    case 'search':
    case 'text':
    case 'long':
    case 'integer':
      return sql;
    default: {
      const unreachable: never = type;
      throw new Error(`unknown field type ${String(unreachable)}`);
    }
  }
}

/**
 * A Postgres array (text[], int[], numeric[]...) as a JSON array, each element rendered as one value of `type`, in
 * array order; NULL elements are left out, and a NULL or empty array is `[]` (as `many` is: Elasticsearch indexes
 * both alike). Multi-dimensional arrays are flattened, which is what Elasticsearch does with nested JSON arrays.
 */
export const renderArray = (type: FieldType, sql: string): string =>
  `(SELECT coalesce(json_agg(${renderValue(type, 'el.v')} ORDER BY el.n) FILTER (WHERE el.v IS NOT NULL), '[]'::json) FROM unnest(${sql}) WITH ORDINALITY AS el(v, n))`;

export const renderField = (type: FieldType, sql: string, array: boolean): string => (array ? renderArray(type, sql) : renderValue(type, sql));
