// Idempotency keys are kept for a documented window (API_IDEMPOTENCY_WINDOW_HOURS, 24 h): a retry within it replays
// the stored response, a retry after it runs the command again. Without a purge the table only grows, by one row
// per command that carried a key. The command API purges on a timer, in bounded batches until none is left, so
// that the table holds about one window of keys whatever the traffic.
import type pg from 'pg';
import type { Logger } from '../../lib/logger.js';
import { purgeExpired } from './adapters/postgres/idempotency.js';

export interface PurgeOptions {
  pool: pg.Pool;
  logger: Logger;
  windowHours: number;
  intervalMs: number;
  /** Rows per DELETE (default 5,000). */
  batch?: number;
}

/** One purge: batches until a batch comes back short; resolves with the rows removed. */
export async function purgeIdempotencyKeys(pool: pg.Pool, windowHours: number, batch = 5_000): Promise<number> {
  let total = 0;
  for (;;) {
    const removed = await purgeExpired(pool, windowHours, batch);
    total += removed;
    if (removed < batch) return total;
  }
}

/** Purges now and then every intervalMs; stop() waits for a purge in progress. A failed purge is logged and retried next time. */
export function startIdempotencyPurge({ pool, logger, windowHours, intervalMs, batch }: PurgeOptions) {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = purgeIdempotencyKeys(pool, windowHours, batch).then(
      (removed) => void (removed > 0 && logger.info({ removed, windowHours }, 'purged expired idempotency keys')),
      (error: unknown) => logger.warn({ err: error }, 'purging expired idempotency keys failed; retrying at the next interval'),
    );
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
