// The column-type check against a real catalog: a money column (numeric(10,2)) declared `long` is named before the
// projector makes an index, and the reference projections over the migrated schema pass.
import type pg from 'pg';
import { column, defineProjection, hop, many } from '../../../model/projections/define.js';
import { columnTypeProblems, declaredColumns } from '../../../model/projections/columnTypes.js';
import { projections } from '../../../model/registry.js';
import { createAdminPool, createScratchDatabase, type ScratchDatabase } from '../../../testkit/pg.js';
import { columnTypes } from './columnTypes.js';

let db: ScratchDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createScratchDatabase('sluice_types');
  pool = createAdminPool(db.name);
  await pool.query('CREATE TABLE price_list (id integer PRIMARY KEY, product_id uuid NOT NULL, unit_price numeric(10,2) NOT NULL, tags text[] NOT NULL)');
}, 120_000);

afterAll(async () => {
  await pool.end();
  await db.drop();
});

it('accepts every column the reference projections read, as the migrations create them', async () => {
  const tables = [...new Set(projections.flatMap((p) => declaredColumns(p).map((d) => d.table)))];
  const catalog = await columnTypes(pool, tables);
  expect(catalog.size).toBeGreaterThan(0);
  expect(projections.flatMap((p) => columnTypeProblems(p, catalog))).toEqual([]);
});

it('refuses money declared as long, and an array declared as one value, naming field and column', async () => {
  const priced = defineProjection({
    name: 'priced', version: 1, root: { table: 'products', key: 'id' },
    fields: { id: column('id', 'keyword'), prices: many(hop('price_list', 'product_id', 'id'), ['id'], { price: column('unit_price', 'long'), tags: column('tags', 'keyword') }) },
  });
  const catalog = await columnTypes(pool, ['products', 'price_list']);
  expect(columnTypeProblems(priced, catalog)).toEqual([
    expect.stringMatching(/field prices.price reads price_list.unit_price, which is numeric \(scale 2\), which Elasticsearch type long cannot hold/),
    expect.stringMatching(/field prices.tags reads price_list.tags, which is an array/),
  ]);
});
