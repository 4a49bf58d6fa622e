// A declared Elasticsearch type against the Postgres type of its column: money in a `long` is refused (it would index
// 0.99 as 0), and every type the reference projections use is accepted.
import { column, defineProjection, hop, many, scaledFloat } from './define.js';
import { columnTypeProblems, typeMismatch, type ColumnType, type DeclaredColumn } from './columnTypes.js';

const numeric = (scale: number): ColumnType => ({ dataType: 'numeric', udtName: 'numeric', numericScale: scale });
const of = (dataType: string, udtName = dataType): ColumnType => ({ dataType, udtName, numericScale: null });
const declared = (type: DeclaredColumn['type'], array = false): DeclaredColumn => ({ field: 'f', table: 't', column: 'c', type, array });

describe('a declared type against its column', () => {
  it.each<[DeclaredColumn, ColumnType]>([
    [declared('long'), of('bigint')],
    [declared('long'), numeric(0)],
    [declared('integer'), of('integer')],
    [declared('double'), numeric(2)],
    [declared(scaledFloat(100)), numeric(2)],
    [declared('date'), of('timestamp with time zone')],
    [declared('date'), of('date')],
    [declared('keyword'), of('uuid')],
    [declared('keyword'), of('USER-DEFINED', 'mpaa_rating')],
    [declared('keyword', true), of('ARRAY', '_text')],
    [declared('integer', true), of('ARRAY', '_int4')],
    [declared('boolean'), of('boolean')],
  ])('accepts %j over %j', (d, c) => expect(typeMismatch(d, c)).toBeUndefined());

  it.each<[DeclaredColumn, ColumnType, RegExp]>([
    [declared('long'), numeric(2), /is numeric \(scale 2\), which Elasticsearch type long cannot hold; a fraction needs scaledFloat\(100\) or 'double'/],
    [declared('integer'), of('bigint'), /bigint, which Elasticsearch type integer cannot hold/],
    [declared('long'), of('text'), /text, which Elasticsearch type long cannot hold/],
    [declared('date'), of('text'), /type date cannot hold/],
    [declared('keyword'), of('ARRAY', '_text'), /is an array: declare it with \{ array: true \}/],
    [declared('keyword', true), of('text'), /is not an array/],
    [declared('integer', true), of('ARRAY', '_numeric'), /is numeric, which Elasticsearch type integer cannot hold/],
  ])('refuses %j over %j', (d, c, why) => expect(typeMismatch(d, c)).toMatch(why));

  it('names the projection, the field path through its hops, and the column', () => {
    const shop = defineProjection({
      name: 'shop', version: 1, root: { table: 'orders', key: 'id' },
      fields: { id: column('id', 'keyword'), lines: many(hop('order_lines', 'order_id', 'id'), ['product_id'], { price: column('unit_price', 'long') }) },
    });
    const catalog = new Map([['orders.id', of('uuid')], ['order_lines.unit_price', numeric(2)]]);
    expect(columnTypeProblems(shop, catalog)).toEqual([expect.stringMatching(/^projection shop: field lines.price reads order_lines.unit_price, which is numeric \(scale 2\)/)]);
  });
});
