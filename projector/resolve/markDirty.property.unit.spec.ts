// For every projection: an update touching only columns the projection does not read dirties nothing, and one
// touching a column read on every path through its table dirties exactly what routing without the column filter
// dirties. Rows, the updated row and the changed columns are random; join keys are drawn from existing ids so
// that fan-out lookups find documents.
import fc from 'fast-check';
import type { Row, TableName } from '../../model/change/change.js';
import { capturedTablesOf } from '../../model/projections/captured.js';
import { createMemoryLookup, type Tables } from '../../testkit/memoryLookup.js';
import { update } from '../../testkit/projectionSpec.js';
import { markDirty } from './markDirty.js';
import type { Projection } from '../../model/projections/declaration.js';
import { referenceProjections as projections } from '../../testkit/referenceProjections.js';
import { dependencies } from '../../model/projections/dependencies.js';

const ids = ['c1', 'c2', 'p1', 'p2', 'p3', 'o1', 'o2', 'o3', 'o4'];
const order = (id: string, customer_id: string, status: string) => ({ id, customer_id, status, total_cents: 100, placed_at: 't', version: 1, updated_at: 't' });
const line = (order_id: string, product_id: string) => ({ order_id, product_id, quantity: 1, unit_price_cents: 100 });
const world: Tables = {
  customers: ['c1', 'c2'].map((id) => ({ id, name: id, email: `${id}@x`, city: null, tier: 'gold', version: 1, updated_at: 't' })),
  products: ['p1', 'p2', 'p3'].map((id) => ({ id, sku: id, name: id, category: 'c', price_cents: 1, stock: 1, version: 1, updated_at: 't' })),
  orders: [order('o1', 'c1', 'paid'), order('o2', 'c1', 'pending'), order('o3', 'c2', 'shipped'), order('o4', 'c2', 'pending')],
  order_lines: [line('o1', 'p1'), line('o1', 'p2'), line('o2', 'p1'), line('o3', 'p3'), line('o4', 'p2')],
  payments: [{ id: 'pay1', order_id: 'o1', amount_cents: 100, method: 'card', paid_at: 't' }],
  shipments: [{ id: 'sh1', order_id: 'o3', carrier: 'UPS', tracking_number: '1', shipped_at: 't' }],
};
const lookup = createMemoryLookup(world);
const capturedTables = capturedTablesOf(projections);

/** Every column a row of `table` may have: what the decoder requires, what any projection reads, and bookkeeping columns no projection reads. */
const universe = (table: TableName): string[] =>
  [...new Set([...(capturedTables[table]?.columns ?? []), ...projections.flatMap((p) => dependencies(p).filter((d) => d.table === table).flatMap((d) => [...d.columns])), 'updated_at', 'created_at', 'internal_flag'])];

const dirtyIds = async (p: Projection, table: TableName, before: Row, after: Row, columnFilter: boolean) =>
  (await markDirty([p], [update(table, before, after)], lookup, { columnFilter })).map((m) => m.id).sort();

for (const projection of projections) {
  const tables = [...new Set(dependencies(projection).map((d) => d.table))];
  const change = fc
    .constantFrom(...tables)
    .chain((table) =>
      fc.record({
        table: fc.constant(table),
        row: fc.constantFrom(...world[table]!),
        columns: fc.uniqueArray(fc.constantFrom(...universe(table)), { minLength: 1, maxLength: 4 }),
        values: fc.array(fc.oneof(fc.constantFrom(...ids), fc.integer(), fc.string()), { minLength: 4, maxLength: 4 }),
      }),
    )
    .map(({ table, row, columns, values }) => {
      const after: Record<string, unknown> = { ...row };
      columns.forEach((c, i) => (after[c] = values[i] === row[c] ? `${String(values[i])}'` : values[i]));
      return { table, before: row, after, columns };
    });

  describe(`${projection.name}: column filter against routing without it`, () => {
    const read = (table: TableName) => dependencies(projection).filter((d) => d.table === table).map((d) => d.columns);

    it('an update of unread columns only dirties nothing; one touching a column read on every path dirties the same documents', async () => {
      await fc.assert(
        fc.asyncProperty(change, async ({ table, before, after, columns }) => {
          const [filtered, all] = [await dirtyIds(projection, table, before, after, true), await dirtyIds(projection, table, before, after, false)];
          const paths = read(table);
          if (columns.every((c) => paths.every((p) => !p.has(c)))) expect(filtered).toEqual([]);
          else if (paths.every((p) => columns.some((c) => p.has(c)))) expect(filtered).toEqual(all);
          expect(all).toEqual(expect.arrayContaining(filtered));
        }),
        { numRuns: 300 },
      );
    });

    it('the property can see a difference: some update of an unread column would dirty documents without the filter', async () => {
      const table = tables.find((t) => universe(t).some((c) => read(t).every((p) => !p.has(c))))!;
      const row = world[table]![0]!;
      const before = { ...row, updated_at: 'a' };
      expect(await dirtyIds(projection, table, before, { ...before, updated_at: 'b' }, false)).not.toEqual([]);
      expect(await dirtyIds(projection, table, before, { ...before, updated_at: 'b' }, true)).toEqual([]);
    });
  });
}
