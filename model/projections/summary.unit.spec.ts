import type { Row, RowChange } from '../change/change.js';
import { customersProjection } from './customers/customers.js';
import { aggregate, column, defineProjection, hop, latest } from './define.js';
import { productsProjection } from './products/products.js';
import { hydrationSql } from './sql.js';
import { summaryFields, summaryRefreshes } from './summary.js';
import { refreshSql } from './summarySql.js';

const change = (table: string, before: Row | null, after: Row | null): RowChange =>
  ({ kind: before === null ? 'create' : after === null ? 'delete' : 'update', table, before, after, source: { lsn: null, txId: null, tsMs: null }, coordinates: { topic: 't', partition: 0, offset: '0' } }) as RowChange;

const fields = [...summaryFields(customersProjection), ...summaryFields(productsProjection)];
const order = { id: 'o1', customer_id: 'c1', status: 'pending', total_cents: 100, note: null };
const line = { order_id: 'o1', product_id: 'p1', quantity: 2, unit_price_cents: 50 };
const refreshed = (changes: RowChange[]) => Object.fromEntries(summaryRefreshes(fields, changes).map((s) => [s.field.field, { keys: [...s.keys], parents: [...s.parents] }]));

describe('which aggregates are incremental', () => {
  it('the customers keep their counts and sums in summary rows, the latest order stays a lookup', () => {
    expect(summaryFields(customersProjection).map((f) => f.field)).toEqual(['orderCount', 'lifetimeValueCents', 'unitsPurchased']);
    expect(summaryFields(productsProjection).map((f) => [f.field, f.rowKey])).toEqual([['unitsSold', ['order_id', 'product_id']], ['revenueCents', ['order_id', 'product_id']]]);
  });

  it('the hydration reads the summary row; recomputing reads the source rows as before', () => {
    const sql = hydrationSql(customersProjection);
    expect(sql.match(/FROM sluice\.aggregate/g)).toHaveLength(3);
    expect(sql).not.toContain('LEFT JOIN LATERAL');
    expect(hydrationSql(customersProjection, { recompute: true })).not.toContain('sluice.aggregate');
  });

  it('a changed definition gets new summary rows', () => {
    const orders = hop('orders', 'customer_id', 'id');
    const define = (sql: string) => summaryFields(defineProjection({ name: 'x', version: 1, root: { table: 'customers', key: 'id' }, fields: { n: aggregate([orders], 'long', [['total_cents']], ([o]) => sql.replace('T', `${o}.total_cents`), { incremental: true }) } }))[0]!.key;
    expect(define('coalesce(sum(T), 0)')).not.toBe(define('coalesce(sum(T * 2), 0)'));
  });

  it.each([
    ['max', aggregate([hop('orders', 'customer_id', 'id')], 'long', [['total_cents']], ([o]) => `max(${o}.total_cents)`, { incremental: true }), 'count(*) or coalesce(sum'],
    ['sum without coalesce', aggregate([hop('orders', 'customer_id', 'id')], 'long', [['total_cents']], ([o]) => `sum(${o}.total_cents)`, { incremental: true }), 'coalesce(sum'],
    ['latest', { ...latest([hop('orders', 'customer_id', 'id')], 'placed_at', 'date'), incremental: { rowKey: ['id'] } }, 'only count and sum'],
  ])('refuses %s', (_what, field, message) => {
    expect(() => defineProjection({ name: 'x', version: 1, root: { table: 'customers', key: 'id' }, fields: { id: column('id', 'keyword'), v: field } })).toThrow(message);
  });
});

describe('which rows a change refreshes', () => {
  it('a new order refreshes its own share in every customer aggregate; a new line its order and its own share', () => {
    expect(refreshed([change('orders', null, order)])).toEqual({
      orderCount: { keys: ['o1'], parents: [] },
      lifetimeValueCents: { keys: ['o1'], parents: [] },
      unitsPurchased: { keys: ['o1'], parents: [] },
      unitsSold: { keys: [], parents: ['o1'] },
      revenueCents: { keys: [], parents: ['o1'] },
    });
    expect(refreshed([change('order_lines', null, line)])).toEqual({
      unitsPurchased: { keys: [], parents: ['o1'] },
      unitsSold: { keys: ['o1\u001fp1'], parents: [] },
      revenueCents: { keys: ['o1\u001fp1'], parents: [] },
    });
  });

  it('an update of a column no aggregate reads refreshes nothing; a move refreshes both images', () => {
    expect(refreshed([change('orders', order, { ...order, note: 'gift' })])).toEqual({});
    expect(refreshed([change('orders', order, { ...order, customer_id: 'c2' })])).toEqual({
      orderCount: { keys: ['o1'], parents: [] },
      lifetimeValueCents: { keys: ['o1'], parents: [] },
      unitsPurchased: { keys: ['o1'], parents: [] },
    });
  });

  it('a refresh looks rows up by each key column, and by the link to the second table', () => {
    const sql = refreshSql(summaryFields(productsProjection)[0]!);
    expect(sql).toContain('(a0.order_id = ANY($3) AND a0.product_id = ANY($4)) OR a0.order_id = ANY($5)');
    // Stored shares are found by an index probe per source, never by a scan of the field's rows.
    expect(sql).toContain('c.source = ANY(ARRAY(SELECT source FROM fresh) || $2::text[])');
    expect(sql).not.toMatch(/IN \(SELECT/);
  });
});
