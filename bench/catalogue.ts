// What the benchmarks order from, written straight into Postgres as admin (no command API in the way of a
// benchmark's setup): a tagged catalogue removed afterwards, and a plain one for runs on a scratch database.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { createAdminPool } from '../testkit/pg.js';

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

/** One customer and `products` well-stocked products. */
export async function seedCatalogue(pool: pg.Pool, products: number) {
  const customerId = randomUUID();
  await pool.query('INSERT INTO customers (id, name, email) VALUES ($1, $2, $3)', [customerId, 'Bench', `bench-${customerId}@example.com`]);
  const ids = Array.from({ length: products }, () => randomUUID());
  await pool.query(
    `INSERT INTO products (id, sku, name, category, price_cents, stock)
     SELECT id, 'BENCH-' || id, 'Bench product', 'bench', 999, 1000000000 FROM unnest($1::uuid[]) AS id`,
    [ids],
  );
  return { customerId, productIds: ids };
}
