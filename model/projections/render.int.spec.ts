// The conversions of render.ts run by the real Postgres: numbers arrive as JSON numbers (never strings), whatever
// the column type, a point and two coordinates become { lat, lon }, arrays keep their element conversions.
import type pg from 'pg';
import { createAdminPool } from '../../testkit/pg.js';
import { scaledFloat } from './define.js';
import type { FieldType } from './declaration.js';
import { renderField } from './render.js';

let pool: pg.Pool;
beforeAll(() => void (pool = createAdminPool(undefined, 1)));
afterAll(async () => pool.end());

const ROW = `SELECT 12.345::numeric AS num, 7::int AS small, 2.5::real AS r4, 'NaN'::float8 AS nan, 'Infinity'::numeric AS inf,
  true AS flag, point(-0.1278, 51.5074) AS pt, 51.5074::numeric AS lat, -0.1278::numeric AS lon, ARRAY['b', NULL, 'a'] AS tags,
  ARRAY[3, 1, 2] AS ints, ARRAY[1.5::numeric, 2] AS nums, '{}'::text[] AS empty, NULL::text[] AS missing,
  ARRAY['2026-01-02 03:04:05+00'::timestamptz] AS times`;

async function documentOf(fields: Record<string, [FieldType, string, boolean?]>): Promise<Record<string, unknown>> {
  const pairs = Object.entries(fields).map(([name, [type, sql, array]]) => `'${name}', ${renderField(type, sql, array ?? false)}`);
  const { rows } = await pool.query<{ doc: Record<string, unknown> }>(`SELECT json_strip_nulls(json_build_object(${pairs.join(', ')})) AS doc FROM (${ROW}) x`);
  return rows[0]?.doc ?? {};
}

describe('field conversions in Postgres', () => {
  it('doubles and scaled floats are JSON numbers from numeric, int, real; non-finite values are absent', async () =>
    expect(
      await documentOf({
        fromNumeric: ['double', 'x.num'],
        fromInt: ['double', 'x.small'],
        fromReal: ['double', 'x.r4'],
        nan: ['double', 'x.nan'],
        price: [scaledFloat(100), 'x.num'],
        infinite: [scaledFloat(100), 'x.inf'],
      }),
    ).toEqual({ fromNumeric: 12.345, fromInt: 7, fromReal: 2.5, price: 12.35 }));

  it('booleans are JSON booleans and geo points are { lat, lon } from a point or from two columns', async () =>
    expect(await documentOf({ flag: ['boolean', 'x.flag'], at: ['geo_point', 'x.pt'], shop: ['geo_point', 'point(x.lon, x.lat)'], none: ['geo_point', 'point(NULL::float8, x.lat)'] })).toEqual({
      flag: true,
      at: { lat: 51.5074, lon: -0.1278 },
      shop: { lat: 51.5074, lon: -0.1278 },
    }));

  it('arrays keep their order and element conversions, drop NULL elements, and are [] when empty or NULL', async () =>
    expect(
      await documentOf({
        tags: ['keyword', 'x.tags', true],
        ints: ['integer', 'x.ints', true],
        nums: ['double', 'x.nums', true],
        times: ['date', 'x.times', true],
        empty: ['keyword', 'x.empty', true],
        missing: ['keyword', 'x.missing', true],
      }),
    ).toEqual({ tags: ['b', 'a'], ints: [3, 1, 2], nums: [1.5, 2], times: ['2026-01-02T03:04:05.000Z'], empty: [], missing: [] }));
});
