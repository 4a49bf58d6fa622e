// Given/When/Then for projection routing: given these rows, when these changes (each applied twice, to prove
// idempotence), then exactly these root ids are dirty, per projection.
import type { Row, RowChange } from '../model/change/change.js';
import type { TableName } from '../model/change/change.js';
import type { Projection } from '../model/projections/declaration.js';
import { markDirty } from '../projector/operations.js';
import { createMemoryLookup, type Tables } from './memoryLookup.js';

let txId = 1000;

const at = () => ({ topic: 't', partition: 0, offset: String(txId) });

export const insert = (table: TableName, after: Row): RowChange => ({
  kind: 'create', table, before: null, after, source: { lsn: String(++txId), txId, tsMs: txId }, coordinates: at(),
});
export const update = (table: TableName, before: Row | null, after: Row): RowChange => ({
  kind: 'update', table, before, after, source: { lsn: String(++txId), txId, tsMs: txId }, coordinates: at(),
});
export const remove = (table: TableName, before: Row): RowChange => ({
  kind: 'delete', table, before, after: null, source: { lsn: String(++txId), txId, tsMs: txId }, coordinates: at(),
});

export function given(projection: Projection, tables: Tables) {
  return {
    when: (...changes: RowChange[]) => ({
      thenDirty: async (expected: string[]) => {
        const twice = changes.flatMap((change) => [change, change]);
        const marks = await markDirty([projection], twice, createMemoryLookup(tables));
        expect(marks.map((m) => m.id).sort()).toEqual([...expected].sort());
        return marks;
      },
    }),
  };
}
