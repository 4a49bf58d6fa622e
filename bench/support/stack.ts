// What benches that drive the stack `npm start` runs share: its endpoints as .env names them, bench customers and
// products (tagged, so they are removed afterwards), and the stack itself (started if needed, stopped only if
// the bench started it).
import { allComponents, createContext, down, up } from '../../infra/native/index.js';
import type { createAdminPool } from '../../testkit/pg.js';

export interface StackEndpoints {
  commandUrl: string;
  queryUrl: string;
  metricsUrl: string;
  commandKey: string;
  queryKey: string;
  /** A key with the ops scope: the projector's /metrics needs one. */
  opsKey: string;
  esUrl: string;
}

const env = process.env;

/** The endpoints of the running stack, as its .env names them. */
export function stackEndpoints(): StackEndpoints {
  const keyOf = (scope: string, fallback: string) => (env['API_KEYS'] ?? '').split(',').map((k) => k.trim().split(':')).find(([, scopes]) => scopes?.split('+').includes(scope))?.[0] ?? fallback;
  return {
    commandUrl: `http://127.0.0.1:${env['API_COMMAND_PORT'] ?? 8080}`,
    queryUrl: `http://127.0.0.1:${env['API_QUERY_PORT'] ?? 8081}`,
    metricsUrl: `http://127.0.0.1:${env['PROJECTOR_METRICS_PORT'] ?? 8090}`,
    commandKey: keyOf('commands', 'dev-commands'),
    queryKey: keyOf('queries', 'dev-queries'),
    opsKey: keyOf('ops', 'dev-ops'),
    esUrl: env['ES_URL'] ?? 'https://127.0.0.1:9200',
  };
}

export type AdminPool = ReturnType<typeof createAdminPool>;
export interface BenchCatalogue { customers: string[]; products: string[] }

/** 100 customers and 50 well-stocked products named after `tag`. */
export async function seedBenchCatalogue(db: AdminPool, tag: string): Promise<BenchCatalogue> {
  const c = await db.query<{ id: string }>(`INSERT INTO customers (id, name, email) SELECT gen_random_uuid(), $1 || ' ' || g, $1 || g || '@example.com' FROM generate_series(1, 100) g RETURNING id::text`, [tag]);
  const p = await db.query<{ id: string }>(`INSERT INTO products (id, sku, name, category, price_cents, stock) SELECT gen_random_uuid(), $1 || '-' || g, 'Fresh ' || g, 'cat' || g % 7, 100, 1000000000 FROM generate_series(1, 50) g RETURNING id::text`, [tag]);
  return { customers: c.rows.map((r) => r.id), products: p.rows.map((r) => r.id) };
}

/** Removes what seedBenchCatalogue created, with the orders placed against it. */
export async function removeBenchCatalogue(db: AdminPool, tag: string): Promise<void> {
  await db.query('DELETE FROM orders WHERE customer_id IN (SELECT id FROM customers WHERE name LIKE $1)', [`${tag} %`]);
  await db.query('DELETE FROM customers WHERE name LIKE $1', [`${tag} %`]);
  await db.query('DELETE FROM products WHERE sku LIKE $1', [`${tag}-%`]);
}

/** Runs `body` against the whole stack as `npm start` runs it; what this starts, it stops afterwards. */
export async function withStack<T>(body: (stack: StackEndpoints) => Promise<T>): Promise<T> {
  const ctx = createContext(env, () => undefined);
  const started = await up(ctx, allComponents());
  try {
    return await body(stackEndpoints());
  } finally {
    await down(ctx, allComponents().filter((c) => started.includes(c.name)));
  }
}
