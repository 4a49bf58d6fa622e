import { capturedTablesOf } from './captured.js';
import { column, defineProjection, hop, many } from './define.js';
import { referenceProjections as projections } from '../../testkit/referenceProjections.js';

describe('the captured tables, derived from the declarations', () => {
  it('are the tables the reference projections read, then the heartbeat and signal tables', () => {
    expect(Object.keys(capturedTablesOf(projections))).toEqual(['orders', 'customers', 'order_lines', 'products', 'payments', 'shipments', 'sluice_heartbeat', 'sluice_signal']);
  });

  it('require every column a declaration reads, join keys included, across projections', () => {
    const tables = capturedTablesOf(projections);
    expect(tables['order_lines']).toEqual({ columns: expect.arrayContaining(['order_id', 'product_id', 'quantity', 'unit_price_cents']), readBy: ['orders', 'customers', 'products'] });
    expect(tables['customers']?.columns).toEqual(expect.arrayContaining(['id', 'name', 'email', 'city', 'tier', 'version']));
    expect(tables['sluice_heartbeat']).toEqual({ columns: ['id', 'beat_at'], readBy: [] });
  });

  it('take a new projection and its tables from its declaration alone', () => {
    const reviews = defineProjection({
      name: 'reviewed',
      version: 1,
      root: { table: 'products', key: 'id' },
      fields: { id: column('id', 'keyword'), reviews: many(hop('product_reviews', 'product_id', 'id'), ['stars'], { stars: column('stars', 'integer') }) },
    });
    const tables = capturedTablesOf([...projections, reviews]);
    expect(tables['product_reviews']).toEqual({ columns: ['product_id', 'stars'], readBy: ['reviewed'] });
    expect(Object.keys(tables).at(-3)).toBe('product_reviews');
  });

  it('refuses a projection over one of Sluice\'s own tables', () => {
    const bad = defineProjection({ name: 'beats', version: 1, root: { table: 'sluice_heartbeat', key: 'id' }, fields: { id: column('id', 'keyword') } });
    expect(() => capturedTablesOf([bad])).toThrow(/Sluice's own/);
  });
});
