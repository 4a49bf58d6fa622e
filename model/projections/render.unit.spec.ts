import { column, defineProjection, geoPoint, scaledFloat } from './define.js';
import { renderField, renderValue } from './render.js';
import { hydrationSql } from './sql.js';

const finite = (sql: string) => `nullif(nullif(nullif(${sql}, 'NaN'), 'Infinity'), '-Infinity')`;

describe('how a value leaves Postgres as JSON', () => {
  it('given a double, then it is a float8 (a JSON number even from numeric or text) with non-finite values absent', () =>
    expect(renderValue('double', 'r.rating')).toBe(finite('(r.rating)::double precision')));

  it('given a scaled float, then it is rounded to 1/factor and sent as a float8', () =>
    expect(renderValue(scaledFloat(100), 'r.price')).toBe(finite('(round((r.price)::numeric * 100) / 100)::double precision')));

  it('given a boolean, then it is cast to boolean', () => expect(renderValue('boolean', 'r.active')).toBe('(r.active)::boolean'));

  it('given a geo point, then the point is evaluated once and becomes { lat: y, lon: x }, absent when NULL', () =>
    expect(renderValue('geo_point', 'r.location')).toBe(
      "(SELECT CASE WHEN gp.p IS NULL THEN NULL ELSE json_build_object('lat', gp.p[1], 'lon', gp.p[0]) END FROM (SELECT (r.location)::point AS p) gp)",
    ));

  it('given the types that existed before, then they render exactly as before (no existing document becomes stale)', () => {
    for (const type of ['keyword', 'search', 'text', 'long', 'integer'] as const) expect(renderValue(type, 'r.x')).toBe('r.x');
    expect(renderValue('date', 'r.x')).toBe(`to_char((r.x) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
  });

  it('given an array, then its elements are rendered one by one, in order, NULLs left out, [] when empty or NULL', () => {
    expect(renderField('keyword', 'r.tags', true)).toBe(
      "(SELECT coalesce(json_agg(el.v ORDER BY el.n) FILTER (WHERE el.v IS NOT NULL), '[]'::json) FROM unnest(r.tags) WITH ORDINALITY AS el(v, n))",
    );
    expect(renderField('double', 'r.weights', true)).toContain(`json_agg(${finite('(el.v)::double precision')} ORDER BY el.n)`);
    expect(renderField('keyword', 'r.tags', false)).toBe('r.tags');
  });
});

describe('hydration SQL with the new types', () => {
  const places = defineProjection({
    name: 'places',
    version: 1,
    root: { table: 'customers', key: 'id' },
    fields: {
      id: column('id', 'keyword'),
      price: column('price', scaledFloat(10)),
      tags: column('tags', 'keyword', { array: true }),
      shop: geoPoint('lat', 'lon'),
    },
  });

  it('renders each field with its conversion inside the one json_build_object', () => {
    const sql = hydrationSql(places);
    expect(sql).toContain(`'price', ${finite('(round((r.price)::numeric * 10) / 10)::double precision')}`);
    expect(sql).toContain("'tags', (SELECT coalesce(json_agg(el.v ORDER BY el.n)");
    expect(sql).toContain("'shop', (SELECT CASE WHEN gp.p IS NULL THEN NULL ELSE json_build_object('lat', gp.p[1], 'lon', gp.p[0]) END FROM (SELECT (point(r.lon, r.lat))::point AS p) gp)");
  });
});
