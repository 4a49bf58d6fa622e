// Starts the command API in-process on an ephemeral port against real Postgres, and a tiny fetch client for it.
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { createLogger } from '../lib/logger.js';
import { createCommandApp, type CommandAppDeps } from '../api/command/app.js';
import { createWriterPool } from './pg.js';

export const TEST_KEYS = new Map<string, Set<string>>([
  ['test-commands', new Set(['commands'])],
  ['test-commands-2', new Set(['commands'])],
  ['test-queries', new Set(['queries'])],
  ['test-ops', new Set(['ops'])],
  ['test-all', new Set(['commands', 'queries', 'ops'])],
]);

export interface Reply {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- assertions read arbitrary fields
}

export interface CommandClient {
  url: string;
  pool: pg.Pool;
  send: (name: string, body: unknown, opts?: { key?: string | null; idempotencyKey?: string; contentType?: string; raw?: string }) => Promise<Reply>;
  get: (path: string) => Promise<Reply>;
  close: () => Promise<void>;
}

export async function startCommandApp(overrides: Partial<CommandAppDeps> & { database?: string } = {}): Promise<CommandClient> {
  const pool = overrides.pool ?? createWriterPool(overrides.database, 20);
  const app = createCommandApp({ pool, logger: createLogger('command-test', 'silent'), apiKeys: TEST_KEYS, rateLimit: { windowMs: 60_000, limit: 1_000_000 }, ipRateLimit: { windowMs: 60_000, limit: 1_000_000 }, ...overrides });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const reply = async (res: Response): Promise<Reply> => {
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
  return {
    url,
    pool,
    send: async (name, body, opts = {}) => {
      const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'application/json' };
      if (opts.key !== null) headers['authorization'] = `Bearer ${opts.key ?? 'test-commands'}`;
      if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
      return reply(await fetch(`${url}/commands/${name}`, { method: 'POST', headers, body: opts.raw ?? JSON.stringify(body) }));
    },
    get: async (path) => reply(await fetch(`${url}${path}`)),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      if (!overrides.pool) await pool.end();
    },
  };
}

export const uniqueEmail = () => `c-${randomUUID()}@example.com`;
export const uniqueSku = () => `SKU-${randomUUID()}`;

/** Seeds a customer and products through the API itself; returns their ids. */
export async function seed(client: CommandClient, stocks: number[], priceCents = 1250) {
  const customer = await client.send('register-customer', { name: 'Test Customer', email: uniqueEmail(), city: 'Lyon' });
  const products = await Promise.all(
    stocks.map((stock) => client.send('add-product', { sku: uniqueSku(), name: 'Test product', category: 'test', priceCents, stock })),
  );
  if (customer.status !== 201 || products.some((p) => p.status !== 201)) throw new Error('seeding failed');
  return { customerId: customer.body.id as string, productIds: products.map((p) => p.body.id as string) };
}
