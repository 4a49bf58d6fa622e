// Graceful shutdown: stop accepting, let the in-flight transaction finish, then close the pool.
import type { AddressInfo } from 'node:net';
import { waitFor } from '../../lib/waitFor.js';
import { createLogger } from '../../lib/logger.js';
import { createAdminPool, writerConfig } from '../../testkit/pg.js';
import { createWriterPool } from './adapters/postgres/pool.js';
import { seed, startCommandApp, TEST_KEYS } from '../../testkit/commandApp.js';
import { createCommandApp, createShutdown } from './main.js';

it('finishes an in-flight command after SIGTERM-style shutdown, refuses new connections, ends the pool', async () => {
  const seeding = await startCommandApp();
  const { customerId, productIds } = await seed(seeding, [3]);
  await seeding.close();
  const admin = createAdminPool();
  const blocker = await admin.connect();
  const { host, port, database, user, password } = writerConfig();
  const pool = createWriterPool({ host: String(host), port: Number(port), database: String(database), user: String(user), password: String(password), max: 5 });
  const logger = createLogger('shutdown-test', 'silent');
  const server = createCommandApp({ pool, logger, apiKeys: TEST_KEYS }).listen(0, '127.0.0.1');
  try {
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Hold the product row so the command is provably mid-transaction when shutdown starts.
    await blocker.query('BEGIN');
    await blocker.query('SELECT 1 FROM products WHERE id = $1 FOR UPDATE', [productIds[0]]);
    const inFlight = fetch(`${url}/commands/place-order`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-commands', 'content-type': 'application/json' },
      body: JSON.stringify({ customerId, lines: [{ productId: productIds[0], quantity: 1 }] }),
    });
    const waiting = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'sluice-command-api' AND wait_event_type = 'Lock'`;
    await waitFor(async () => (await admin.query(waiting)).rows[0].n === 1, { timeoutMs: 10_000, intervalMs: 20, description: 'command blocked on the row lock' });
    const stopped = createShutdown(server, pool, logger, 10_000)('SIGTERM');
    await expect(fetch(`${url}/health`, { headers: { connection: 'close' } })).rejects.toThrow();
    await blocker.query('COMMIT');
    expect((await inFlight).status).toBe(201);
    await stopped;
    expect(pool.ended).toBe(true);
  } finally {
    blocker.release();
    await admin.end();
    if (!pool.ended) await pool.end();
    server.closeAllConnections();
  }
});
