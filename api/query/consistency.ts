// Read-your-writes and freshness from the projector's progress documents (docs/design.md decisions 6 and 7).
// A position token's xid is covered when it is visible in the published snapshot F: the tracker publishes F only
// once every transaction visible in F is searchable (projector/progress/tracker.ts). A read with a token waits,
// bounded, for that; a read without one never waits. One fetch per projection is shared by all waiting requests.
import { AppError } from '../../lib/errors.js';
import { decodePosition } from '../../lib/position.js';
import { fromText, isVisible } from '../../lib/visibility.js';
import type { ProgressDoc } from '../../model/progress/progressDoc.js';

export class ConsistencyTimeoutError extends AppError {
  constructor(message: string) {
    super(message, { status: 504, code: 'consistency-timeout', retriable: true });
  }
}

/**
 * More reads are waiting for a position than the API takes on (API_MAX_POSITION_WAITERS): 503 with Retry-After. Each
 * waiter holds a connection and polls, so an unbounded number is a way to exhaust the process; beyond the cap the
 * caller is told to come back, which costs nothing here.
 */
export class TooManyWaitersError extends AppError {
  constructor(max: number) {
    super(`more than ${max} reads are already waiting for a position; retry after the Retry-After delay, or read without minPosition`, { status: 503, code: 'too-many-waiters', retriable: true });
  }
}

export interface Freshness {
  /** now - asOf: everything committed before asOf is reflected; null while no progress is published. */
  lagMs: number | null;
  asOf: string | null;
}

export interface ConsistencyDeps {
  fetchProgress: (projection: string) => Promise<ProgressDoc | undefined>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** How old a cached progress document may be for freshness reporting (default 250 ms). */
  cacheMs?: number;
  pollMs?: number;
  /** Reads waiting for a position at once, at most (default 1,000); the next is refused with TooManyWaitersError. */
  maxWaiters?: number;
}

/** What a read needs: `search` a refreshed index; `get` (a realtime get by id) only an acknowledged write. */
export type ReadKind = 'search' | 'get';

/** True when the transaction `xid` is visible in the snapshot the progress document vouches for, for that kind of read. */
export function covers(doc: ProgressDoc | undefined, xid: bigint, kind: ReadKind = 'search'): boolean {
  if (doc === undefined) return false;
  if (isVisible(xid, fromText(doc.snapshot))) return true;
  return kind === 'get' && doc.indexed !== undefined && isVisible(xid, fromText(doc.indexed.snapshot));
}

export function createConsistency(deps: ConsistencyDeps) {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const cache = new Map<string, { at: number; doc: Promise<ProgressDoc | undefined> }>();

  function latest(projection: string, maxAgeMs: number): Promise<ProgressDoc | undefined> {
    const hit = cache.get(projection);
    if (hit && now() - hit.at <= maxAgeMs) return hit.doc;
    const doc = deps.fetchProgress(projection);
    cache.set(projection, { at: now(), doc });
    doc.catch(() => cache.delete(projection));
    return doc;
  }

  const maxWaiters = deps.maxWaiters ?? 1_000;
  let waiting = 0;

  async function waitFor(projection: string, token: string, waitMs: number, kind: ReadKind = 'search'): Promise<void> {
    const { xid } = decodePosition(token);
    const pollMs = deps.pollMs ?? 10;
    // A position already reached costs one cached lookup and counts against no cap.
    if (covers(await latest(projection, pollMs / 2), xid, kind)) return;
    if (waiting >= maxWaiters) throw new TooManyWaitersError(maxWaiters);
    waiting += 1;
    try {
      const deadline = now() + waitMs;
      for (;;) {
        if (now() + pollMs > deadline) {
          throw new ConsistencyTimeoutError(`the ${projection} projection did not reach this position within ${waitMs} ms; retry, or read without minPosition`);
        }
        await sleep(pollMs);
        if (covers(await latest(projection, pollMs / 2), xid, kind)) return;
      }
    } finally {
      waiting -= 1;
    }
  }

  async function freshness(projection: string): Promise<Freshness> {
    const doc = await latest(projection, deps.cacheMs ?? 250).catch(() => undefined);
    if (!doc) return { lagMs: null, asOf: null };
    return { lagMs: Math.max(0, now() - Date.parse(doc.asOf)), asOf: doc.asOf };
  }

  return { waitFor, freshness, waiting: () => waiting };
}

export type Consistency = ReturnType<typeof createConsistency>;
