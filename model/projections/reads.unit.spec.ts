import { aggregate, column, computed, defineProjection, hop } from './define.js';
import { projections } from '../registry.js';
import { undeclaredReads } from './reads.js';

const lines = hop('order_lines', 'order_id', 'id');
const base = { name: 'x', version: 1, root: { table: 'orders' as const, key: 'id' } };

describe('expressions declare the columns they read', () => {
  it('accepts every shipped projection', () => expect(projections.flatMap((p) => undeclaredReads(p))).toEqual([]));

  it('refuses a computed field that reads an undeclared column, at definition time', () =>
    expect(() => defineProjection({ ...base, fields: { id: column('id', 'keyword'), late: computed('boolean', ['placed_at'], (o) => `${o}.paid_at > ${o}.placed_at`) } })).toThrow(
      'computed field late reads paid_at without declaring it in reads',
    ));

  it('refuses an aggregate reading an undeclared column of any table on its path', () =>
    expect(undeclaredReads({ fields: { units: aggregate([lines], 'long', [['quantity']], ([l]) => `sum(${l}.quantity * ${l}.unit_price_cents)`) } })).toEqual([
      'aggregate units reads unit_price_cents without declaring it in reads',
    ]));

  it('refuses a whole-row reference, which reads every column', () =>
    expect(undeclaredReads({ fields: { raw: computed('text', [], (o) => `to_json(${o})::text`) } })).toEqual([
      'computed field raw uses the whole row of its table 1; name the columns instead',
    ]));

  it('refuses reads that do not match the path', () =>
    expect(undeclaredReads({ fields: { n: aggregate([lines], 'long', [[], []], () => 'count(*)') } })).toEqual(['aggregate n declares reads for 2 tables, its path has 1']));

  it('checks nested objects and arrays too', () =>
    expect(undeclaredReads({ fields: { lines: { kind: 'many', hop: lines, orderBy: ['product_id'], fields: { t: computed('long', [], (l) => `${l}.quantity`) } } } })).toEqual([
      'computed field lines.t reads quantity without declaring it in reads',
    ]));
});
