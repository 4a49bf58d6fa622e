import { column, computed, defineProjection, geoPoint, many, scaledFloat } from './define.js';
import type { Fields } from './declaration.js';
import { indexMapping, leafPaths } from './mapping.js';

const projectionOf = (fields: Fields) => defineProjection({ name: 'places', version: 1, root: { table: 'customers', key: 'id' }, fields: { id: column('id', 'keyword'), ...fields } });
const propertiesOf = (fields: Fields) => (indexMapping(projectionOf(fields)) as { properties: Record<string, unknown> }).properties;

describe('mapping of the field types', () => {
  it('given a double, then it is mapped double', () => expect(propertiesOf({ rating: column('rating', 'double') })['rating']).toEqual({ type: 'double' }));

  it('given a scaled float, then it is mapped double: scaled_float is in mapper-extras, absent from the core node', () =>
    expect(propertiesOf({ price: column('price', scaledFloat(100)) })['price']).toEqual({ type: 'double' }));

  it('given a boolean, then it is mapped boolean', () => expect(propertiesOf({ active: column('active', 'boolean') })['active']).toEqual({ type: 'boolean' }));

  it('given a geo point from a point column or from two columns, then both are geo_point leaves', () => {
    const fields = { at: column('location', 'geo_point'), shop: geoPoint('lat', 'lon') };
    expect(propertiesOf(fields)).toMatchObject({ at: { type: 'geo_point' }, shop: { type: 'geo_point' } });
    expect(leafPaths(projectionOf(fields))).toEqual(['id', 'at', 'shop']);
  });

  it('given arrays of scalars, then each is mapped as its element (Elasticsearch has no array type)', () =>
    expect(
      propertiesOf({
        tags: column('tags', 'keyword', { array: true }),
        sizes: column('sizes', 'integer', { array: true }),
        words: computed('search', ['tags'], (r) => `${r}.tags`, { array: true }),
      }),
    ).toMatchObject({ tags: { type: 'keyword', ignore_above: 256 }, sizes: { type: 'integer' }, words: { type: 'text', fields: { keyword: { type: 'keyword' } } } }));

  it('given the new types inside many, then they are mapped inside the nested object', () =>
    expect(propertiesOf({ lines: many({ table: 'order_lines', key: 'order_id', parentKey: 'id' }, ['sku'], { weight: column('weight', 'double') }) })['lines']).toEqual({
      type: 'nested',
      properties: { weight: { type: 'double' } },
    }));

  it('refuses a scaling factor that is not a positive finite number (it is written into the SQL)', () => {
    expect(() => scaledFloat(0)).toThrow(/positive finite/);
    expect(() => scaledFloat(Number.NaN)).toThrow(/positive finite/);
    expect(() => scaledFloat(-10)).toThrow(/positive finite/);
  });

  it('checks what geoPoint reads: routing re-renders the document when either column changes', () =>
    expect((geoPoint('lat', 'lon') as { reads: readonly string[] }).reads).toEqual(['lat', 'lon']));
});
