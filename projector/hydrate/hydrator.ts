// The hydrate stage's core: dirty ids in, one snapshot read and one bulk request per round, every bulk item
// settled. Items Elasticsearch could not take for now (429, 5xx, a failed request) are rebuilt from a fresh
// snapshot and retried with backoff, never resent with an old body (versioning.ts). Mapping rejections are
// dead-lettered. The returned promise resolves only when every id is settled, so the caller can commit.
import { backoffDelay } from '../../lib/retry.js';
import type { ProjectorMetrics } from '../metrics.js';
import type { Projection } from '../../model/projections/declaration.js';
import type { DeadLetter, DeadLetterSink, DocumentStore } from '../ports.js';
import { planBulk } from '../../model/bulk/bulkPlan.js';
import { createCoverage, type Coverage } from './coverage.js';
import type { Refresher } from './refresher.js';
import { settleAll, settleItem, type BulkItemResult } from '../../model/bulk/settle.js';
import type { SnapshotReader } from './snapshotReader.js';

export interface DirtyWork {
  id: string;
  txIds: readonly number[];
  tsMs: number | null;
  /** Where the dirty mark came from, for dead letters. */
  topic: string;
  partition: number;
  offset: string;
}

export interface HydratorDeps {
  reader: SnapshotReader;
  store: DocumentStore;
  deadLetters: DeadLetterSink;
  metrics: ProjectorMetrics;
  /** The write aliases of a round; asked after the round's snapshot was taken (targets.ts). */
  targets: (projection: Projection) => Promise<readonly string[]>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  retry?: { initialMs: number; maxMs: number };
  /** What the last writes already cover (coverage.ts); a fresh one per hydrator by default. */
  coverage?: Coverage;
  /** Told what each round wrote, to make it searchable soon (refresher.ts); none: the index's refresh_interval. */
  refresher?: Refresher;
}

export interface Hydrator {
  /** Resolves when every id is written, a benign conflict, or dead-lettered; `keepGoing` false aborts (no commit). */
  hydrate(projection: Projection, work: readonly DirtyWork[], keepGoing: () => Promise<boolean>): Promise<void>;
}

function deadLetter(projection: Projection, work: DirtyWork, detail: string): DeadLetter {
  return { topic: work.topic, partition: work.partition, offset: work.offset, reason: 'bulk-item-rejected', detail, projection: projection.name, id: work.id };
}

/** The HTTP status of a failed bulk request (the client's error, kept as the cause), '' if none (a network error). */
const requestStatus = (error: Error): string => String((error.cause as { meta?: { statusCode?: number } } | undefined)?.meta?.statusCode ?? '');

const unique = (items: readonly BulkItemResult[]): BulkItemResult[] => [...new Map(items.map((item) => [item.id, item])).values()];

export function createHydrator(deps: HydratorDeps): Hydrator {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const { initialMs, maxMs } = deps.retry ?? { initialMs: 100, maxMs: 10_000 };
  const m = deps.metrics;
  const coverage = deps.coverage ?? createCoverage({ now });

  async function round(projection: Projection, work: ReadonlyMap<string, DirtyWork>): Promise<string[]> {
    const ids = [...work.keys()];
    const txIds = [...new Set([...work.values()].flatMap((w) => w.txIds))];
    const snapshot = await deps.reader.read(projection, ids, txIds);
    if (snapshot.waits > 0) m.visibilityWaits.inc({ projection: projection.name }, snapshot.waits);
    const readAt = now();
    for (const w of work.values()) if (w.tsMs) m.milestoneSeconds.observe({ stage: 'hydrated' }, Math.max(0, readAt - w.tsMs) / 1000);
    const ops = planBulk(ids, snapshot.docs, snapshot.version);
    const targets = await deps.targets(projection);
    const results = await Promise.all(targets.map((target) => deps.store.bulk(target, ops)));
    const settled = settleAll(results.flat());
    // Counted before any deduplication, so that sent = written + conflict + retry + dead holds item for item.
    for (const item of results.flat()) {
      m.bulkItems.inc({ projection: projection.name, outcome: 'sent', status: '' });
      m.bulkItems.inc({ projection: projection.name, outcome: settleItem(item), status: String(item.status) });
    }
    const unsettled = new Set([...settled.retry, ...settled.dead].map((item) => item.id));
    coverage.record(projection.name, targets.join(','), ids.filter((id) => !unsettled.has(id)), snapshot.snapshot);
    // An id is retried if any target needs it, dead-lettered once, and counted as written once (its live write).
    settled.retry = unique(settled.retry);
    const retrying = new Set(settled.retry.map((item) => item.id));
    settled.dead = unique(settled.dead).filter((item) => !retrying.has(item.id));
    const written = new Set(settled.written);
    const ackedAt = now();
    const writtenTs: number[] = [];
    for (const item of (results[0] ?? []).filter((r) => written.has(r))) {
      m.documentsWritten.inc({ projection: projection.name, action: item.action });
      const tsMs = work.get(item.id)?.tsMs;
      if (!tsMs) continue;
      writtenTs.push(tsMs);
      m.commitToIndexedSeconds.observe({ projection: projection.name }, Math.max(0, ackedAt - tsMs) / 1000);
      m.milestoneSeconds.observe({ stage: 'indexed' }, Math.max(0, ackedAt - tsMs) / 1000);
    }
    if (settled.written.length > 0) for (const target of targets) deps.refresher?.written(target, target === targets[0] ? writtenTs : []);
    m.conflicts.inc({ projection: projection.name }, settled.conflict.length);
    const letters = settled.dead.map((item) => deadLetter(projection, work.get(item.id)!, `${item.status} ${item.errorType ?? ''}: ${item.errorReason ?? ''}`));
    if (letters.length > 0) await deps.deadLetters.park(letters);
    for (const l of letters) m.deadLettered.inc({ stage: 'hydrate', reason: l.reason });
    return settled.retry.map((item) => item.id);
  }

  return {
    async hydrate(projection, items, keepGoing) {
      let pending = new Map(items.map((w) => [w.id, w]));
      // Marks whose causes the last write already saw need neither a snapshot read nor a write (coverage.ts).
      const candidates = items.filter((w) => coverage.covered(projection.name, w.id, w.txIds, null));
      if (candidates.length > 0) {
        const targets = (await deps.targets(projection)).join(',');
        const covered = candidates.filter((w) => coverage.covered(projection.name, w.id, w.txIds, targets));
        for (const w of covered) pending.delete(w.id);
        m.alreadyCovered.inc({ projection: projection.name }, covered.length);
      }
      for (let attempt = 0; pending.size > 0; attempt++) {
        let retry: string[];
        try {
          retry = await round(projection, pending);
        } catch (error) {
          // A failed request or an unreachable database: everything in this round is retried from scratch.
          if (!(error instanceof Error) || !('retriable' in error) || !error.retriable) throw error;
          retry = [...pending.keys()];
          // Elasticsearch may refuse the whole request (429 when its write queue is full): counted apart from items.
          m.bulkItems.inc({ projection: projection.name, outcome: 'request-retry', status: requestStatus(error) }, retry.length);
        }
        pending = new Map(retry.map((id) => [id, pending.get(id)!]));
        if (pending.size === 0) return;
        m.retries.inc({ projection: projection.name }, pending.size);
        await sleep(backoffDelay(attempt, initialMs, maxMs, Math.random));
        if (!(await keepGoing())) throw new Error('hydration aborted: the consumer is stopping');
      }
    },
  };
}
