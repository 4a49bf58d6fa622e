// What one bulk request must do for a batch of dirty roots: index the documents the snapshot built, delete the
// roots it did not find. Both carry the snapshot's version.
export type Doc = Readonly<Record<string, unknown>>;

export type BulkOp =
  | { action: 'index'; id: string; version: number; doc: Doc }
  | { action: 'delete'; id: string; version: number };

export function planBulk(ids: readonly string[], docs: ReadonlyMap<string, Doc>, version: number): BulkOp[] {
  return [...new Set(ids)].map((id) => {
    const doc = docs.get(id);
    return doc ? { action: 'index', id, version, doc } : { action: 'delete', id, version };
  });
}
