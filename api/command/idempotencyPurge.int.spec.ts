// Idempotency keys are kept for their documented window (24 h by default) and purged after it, in bounded batches,
// by the command API's own role: the table holds about one window of keys whatever the traffic.
import { randomBytes } from 'node:crypto';
import { createLogger } from '../../lib/logger.js';
import { createWriterPool } from '../../testkit/pg.js';
import { purgeIdempotencyKeys, startIdempotencyPurge } from './idempotencyPurge.js';

const pool = createWriterPool(undefined, 4);
afterAll(() => pool.end());

/** Rows of one test's own api_key_hash, created `hoursAgo` each. */
async function seed(hoursAgo: readonly number[]): Promise<string> {
  const owner = `purge-${randomBytes(6).toString('hex')}`;
  await pool.query(
    `INSERT INTO idempotency_keys (key, api_key_hash, command, request_hash, status_code, response, created_at)
     SELECT 'k' || i, $1, 'register-customer', 'h', 201, '{}'::jsonb, now() - make_interval(hours => h)
     FROM unnest($2::int[]) WITH ORDINALITY AS t(h, i)`,
    [owner, hoursAgo],
  );
  return owner;
}

const left = async (owner: string): Promise<string[]> =>
  (await pool.query<{ key: string }>('SELECT key FROM idempotency_keys WHERE api_key_hash = $1 ORDER BY key', [owner])).rows.map((r) => r.key);

it('removes the keys older than the window, in batches, and keeps the recent ones', async () => {
  // k1..k5 are older than 24 h, k6 and k7 within it.
  const owner = await seed([25, 30, 48, 100, 24 * 30, 23, 0]);
  const removed = await purgeIdempotencyKeys(pool, 24, 2);
  expect(removed).toBeGreaterThanOrEqual(5);
  expect(await left(owner)).toEqual(['k6', 'k7']);
});

it('purges at start and then on its timer; stop() waits for a purge in progress', async () => {
  const owner = await seed([30, 1]);
  const purge = startIdempotencyPurge({ pool, logger: createLogger('purge-test', 'silent'), windowHours: 24, intervalMs: 60_000 });
  await purge.stop();
  expect(await left(owner)).toEqual(['k2']);
});

it('honours a longer window', async () => {
  const owner = await seed([30, 50]);
  await purgeIdempotencyKeys(pool, 48, 100);
  expect(await left(owner)).toEqual(['k1']);
});
