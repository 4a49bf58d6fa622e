// Reads every item of a bulk response. HTTP 200 says nothing: each item is settled on its own.
export interface BulkItemResult {
  id: string;
  action: 'index' | 'delete';
  status: number;
  errorType?: string;
  errorReason?: string;
}

export type Outcome = 'written' | 'conflict' | 'retry' | 'dead';

export function settleItem(item: BulkItemResult): Outcome {
  if (item.status >= 200 && item.status < 300) return 'written';
  // The target alias vanished between resolving and writing (a rebuild swapped or was abandoned): the retry
  // round resolves the targets again. Writes require an alias, so nothing was auto-created.
  if (item.errorType === 'index_not_found_exception') return 'retry';
  // Deleting a root Elasticsearch never saw still records the tombstone: done.
  if (item.action === 'delete' && item.status === 404) return 'written';
  // An equal or newer version is already there (versioning.ts): a benign no-op.
  if (item.status === 409) return 'conflict';
  if (item.status === 429 || item.status >= 500) return 'retry';
  return 'dead';
}

export interface Settled {
  written: BulkItemResult[];
  conflict: BulkItemResult[];
  retry: BulkItemResult[];
  dead: BulkItemResult[];
}

export function settleAll(items: readonly BulkItemResult[]): Settled {
  const settled: Settled = { written: [], conflict: [], retry: [], dead: [] };
  for (const item of items) settled[settleItem(item)].push(item);
  return settled;
}
