// A hot row under more commands than the API takes at once, while nothing is down (issue: the flash sale): the queue
// for connections is bounded and every refusal says `overloaded` with Retry-After, never "a dependency is
// unavailable"; refused commands write nothing, and those that waited succeed once the row is free.
import pg from 'pg';
import { waitFor } from '../../lib/waitFor.js';
import { seed, startCommandApp, type CommandClient, type Reply } from '../../testkit/commandApp.js';
import { adminConfig, writerConfig } from '../../testkit/pg.js';
import { createWriterPool } from './adapters/postgres/pool.js';

const POOL = 2;
const QUEUE = 2;

let api: CommandClient;
let admin: pg.Pool;
beforeAll(async () => {
  const { host, port, database, user, password } = writerConfig();
  const pool = createWriterPool({ host: host ?? '127.0.0.1', port: port ?? 5432, database: database ?? 'sluice', user: user ?? '', password: String(password ?? ''), max: POOL });
  api = await startCommandApp({ pool, queueMax: QUEUE });
  admin = new pg.Pool({ ...adminConfig(), max: 2 });
});
afterAll(async () => {
  await api.close();
  await api.pool.end();
  await admin.end();
});

/** Holds the product's row lock, as a long transaction on the hot row would, until `release` is called. */
async function holdRow(productId: string) {
  const client = await admin.connect();
  await client.query('BEGIN');
  await client.query('SELECT 1 FROM products WHERE id = $1 FOR UPDATE', [productId]);
  let held = true;
  return async () => {
    if (!held) return;
    held = false;
    await client.query('COMMIT');
    client.release();
  };
}

const stockOf = async (productId: string): Promise<number> => (await admin.query<{ stock: number }>('SELECT stock FROM products WHERE id = $1', [productId])).rows[0]?.stock ?? -1;

it('past the bounded queue a command is refused at once as overloaded, with Retry-After, and writes nothing', async () => {
  const { customerId, productIds } = await seed(api, [100]);
  const productId = productIds[0] as string;
  const release = await holdRow(productId);
  const replies: Promise<Reply>[] = [];
  try {
    const order = () => api.send('place-order', { customerId, lines: [{ productId, quantity: 1 }] });
    // POOL commands take the connections and wait on the row lock; QUEUE more wait for a connection.
    for (let i = 0; i < POOL + QUEUE; i++) replies.push(order());
    await waitFor(() => api.pool.totalCount === POOL && api.pool.waitingCount === QUEUE, { timeoutMs: 10_000, intervalMs: 10, description: 'the pool full and its queue at the bound' });
    const refused = await Promise.all(Array.from({ length: 4 }, order));
    for (const r of refused) {
      expect(r.status).toBe(503);
      expect(r.body.code).toBe('overloaded');
      expect(r.body.detail).toMatch(/overloaded/);
      expect(r.headers.get('retry-after')).toBe('1');
    }
  } finally {
    await release();
  }
  expect((await Promise.all(replies)).map((r) => r.status)).toEqual([201, 201, 201, 201]);
  expect(await stockOf(productId)).toBe(100 - (POOL + QUEUE));
});

it('a command that waited out the connection timeout while every connection was busy is overloaded, not unavailable', async () => {
  const { customerId, productIds } = await seed(api, [100]);
  const productId = productIds[0] as string;
  const release = await holdRow(productId);
  let waited: Reply | undefined;
  try {
    const order = () => api.send('place-order', { customerId, lines: [{ productId, quantity: 1 }] });
    const busy = Array.from({ length: POOL }, order);
    await waitFor(() => api.pool.totalCount === POOL && api.pool.idleCount === 0, { timeoutMs: 10_000, intervalMs: 10, description: 'every connection busy' });
    waited = await order(); // the pool's 5 s connection wait runs out while the row stays locked
    await release();
    expect((await Promise.all(busy)).map((r) => r.status)).toEqual([201, 201]);
  } finally {
    await release();
  }
  expect(waited?.status).toBe(503);
  expect(waited?.body.code).toBe('overloaded');
  expect(await stockOf(productId)).toBe(100 - POOL);
}, 30_000);
