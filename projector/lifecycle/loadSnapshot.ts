// Streams a rebuild snapshot into the new index: chunks are built in Postgres while earlier chunks are in flight
// to Elasticsearch (bounded), every bulk item is settled, and 429/5xx items are resent with backoff. Resending a
// body from the rebuild's snapshot is safe here: the new index keeps tombstones for the whole load
// (rebuildIndex.ts bulkLoadSettings), and an equal or newer live write answers 409.
import { backoffDelay } from '../../lib/retry.js';
import { planBulk, type BulkOp } from '../../model/bulk/bulkPlan.js';
import { settleAll, type BulkItemResult } from '../../model/bulk/settle.js';
import type { DocumentStore } from '../ports.js';
import type { RebuildSnapshot, SnapshotChunk } from './snapshotStream.js';

export class RebuildInterrupted extends Error {
  constructor() {
    super('rebuild interrupted');
    this.name = 'RebuildInterrupted';
  }
}

export interface LoadOptions {
  store: DocumentStore;
  /** The write alias of the new index. */
  target: string;
  snapshot: RebuildSnapshot;
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

export interface LoadResult {
  written: number;
  /** A live write with an equal or newer version was already there: benign. */
  conflicts: number;
  rejected: BulkItemResult[];
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function sendSettled(opts: LoadOptions, ops: BulkOp[], result: LoadResult): Promise<void> {
  for (let attempt = 0; ops.length > 0; attempt++) {
    let retry: BulkItemResult[];
    try {
      const settled = settleAll(await opts.store.bulk(opts.target, ops));
      result.written += settled.written.length;
      result.conflicts += settled.conflict.length;
      result.rejected.push(...settled.dead);
      retry = settled.retry;
    } catch (error) {
      if (attempt >= 8 || !(error as { retriable?: boolean }).retriable) throw error;
      retry = ops.map((op) => ({ id: op.id, action: op.action, status: 503 }));
    }
    if (retry.length > 0 && attempt >= 8) throw new Error(`bulk items still failing after ${attempt} retries: ${retry[0]?.errorReason ?? retry[0]?.status}`);
    const again = new Set(retry.map((item) => item.id));
    ops = ops.filter((op) => again.has(op.id));
    if (ops.length > 0) await (opts.sleep ?? defaultSleep)(backoffDelay(attempt, 200, 10_000, Math.random));
  }
}

export async function loadSnapshot(opts: LoadOptions): Promise<LoadResult> {
  const result: LoadResult = { written: 0, conflicts: 0, rejected: [] };
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  let done = 0;
  const send = (chunk: SnapshotChunk) => {
    const ops = planBulk(chunk.ids, chunk.docs, opts.snapshot.version);
    // Never rejects: a failure is kept and rethrown by the loop, so no promise is left unobserved.
    const p: Promise<void> = sendSettled(opts, ops, result)
      .then(() => opts.onProgress?.((done += chunk.ids.length), opts.snapshot.total))
      .catch((error: unknown) => void (failure ??= error))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };
  for await (const chunk of opts.snapshot.chunks()) {
    if (opts.signal?.aborted) failure ??= new RebuildInterrupted();
    if (failure) break;
    send(chunk);
    while (inFlight.size >= (opts.concurrency ?? 3)) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure) throw failure instanceof Error ? failure : new Error('snapshot load failed', { cause: failure });
  return result;
}
