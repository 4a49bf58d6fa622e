// The skewed store the cost benchmark measures against, grown in place to each size in turn (20k, 200k, 1M orders):
// every other order of the first 200,000 belongs to one customer (100,000 orders at 200k and beyond), every other
// order to a customer of its own; products are drawn with popularity about 1/rank (the bestseller is on about a
// fifth of the orders), and one product is on exactly one order. Ids are derived from the order number, so the
// smallest and largest roots are known without searching. History, not the subject: recognised by its note and SKUs.
import type pg from 'pg';
import type { SqlPool } from '../../projector/operations.js';

const NOTE = 'bench-cost';
const CHUNK = 20_000;
const BIG_UNTIL = 200_000;

/** The roots each projection is measured for: the smallest and the largest of the store. */
export interface CostRoots {
  customers: { smallest: string; largest: string };
  products: { smallest: string; largest: string };
  orders: { smallest: string; largest: string };
}

const uuidOf = async (db: pg.Pool, text: string): Promise<string> => (await db.query<{ id: string }>('SELECT md5($1)::uuid::text AS id', [text])).rows[0]!.id;

const CUSTOMERS_SQL = `INSERT INTO customers (id, name, email, city)
  SELECT md5('cost-c' || g)::uuid, 'Cost customer ' || g, 'cost-c' || g || '@example.com', 'City ' || g % 100
  FROM generate_series($1::int, $2::int) g WHERE NOT (g % 2 = 0 AND g <= ${BIG_UNTIL}) ON CONFLICT DO NOTHING`;

const ORDERS_SQL = `INSERT INTO orders (id, customer_id, status, total_cents, placed_at, note)
  SELECT md5('cost-o' || g)::uuid, CASE WHEN g % 2 = 0 AND g <= ${BIG_UNTIL} THEN md5('cost-big')::uuid ELSE md5('cost-c' || g)::uuid END,
         (ARRAY['pending','pending','pending','pending','paid','paid','paid','shipped','shipped','cancelled'])[1 + g % 10],
         300, now() - make_interval(secs => g), '${NOTE}'
  FROM generate_series($1::int, $2::int) g ON CONFLICT DO NOTHING`;

// 1 + g % 3 lines per order (order 9 has one, order 2 three), each product drawn with probability about 1/rank.
const LINES_SQL = `INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents)
  SELECT md5('cost-o' || g)::uuid, md5('cost-p' || least(1000, floor(exp(random() * ln(1001)))::int))::uuid, 1 + (g + k) % 3, 100
  FROM generate_series($1::int, $2::int) g CROSS JOIN LATERAL generate_series(1, 1 + g % 3) k ON CONFLICT DO NOTHING`;

async function seedCatalogue(db: pg.Pool): Promise<void> {
  await db.query(`INSERT INTO customers (id, name, email, city) VALUES (md5('cost-big')::uuid, 'Cost big customer', 'cost-big@example.com', 'Paris') ON CONFLICT DO NOTHING`);
  await db.query(`INSERT INTO products (id, sku, name, category, price_cents, stock)
    SELECT md5('cost-p' || g)::uuid, 'COST-P' || lpad(g::text, 5, '0'), 'Cost product ' || g, 'cat' || g % 20, 100, 1000000000 FROM generate_series(1, 1000) g
    UNION ALL SELECT md5('cost-rare')::uuid, 'COST-RARE', 'Rare product', 'rare', 100, 1000000000 ON CONFLICT DO NOTHING`);
}

/** Grows the store to `orders` orders (never shrinks it); `say` reports progress. */
export async function growStore(db: pg.Pool, orders: number, say: (line: string) => void): Promise<void> {
  await seedCatalogue(db);
  const have = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM orders WHERE note = $1', [NOTE])).rows[0]?.n ?? 0);
  for (let from = have + 1; from <= orders; from += CHUNK) {
    const to = Math.min(orders, from + CHUNK - 1);
    for (const sql of [CUSTOMERS_SQL, ORDERS_SQL, LINES_SQL]) await db.query(sql, [from, to]);
    say(`  ${to} orders`);
  }
  // The rare product: on order 3 alone (a one-line order of a one-order customer, so that root stays small too).
  await db.query(`INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents) SELECT md5('cost-o3')::uuid, md5('cost-rare')::uuid, 1, 100
    WHERE EXISTS (SELECT 1 FROM orders WHERE id = md5('cost-o3')::uuid) ON CONFLICT DO NOTHING`);
  // Visibility map and statistics as a settled store has them (autovacuum would get there; a benchmark cannot wait).
  await db.query('VACUUM ANALYZE customers, products, orders, order_lines');
}

/** The projector's pool interface over the benchmark's own pool (the summary store writes through it). */
export const sqlPoolOf = (db: pg.Pool): SqlPool => ({
  query: async (sql, params) => db.query(sql, params as unknown[]),
  session: async () => {
    const client = await db.connect();
    return { query: async (sql, params) => client.query(sql, params as unknown[]), release: (error) => client.release(error) };
  },
  end: () => db.end(),
});

export const costRoots = async (db: pg.Pool): Promise<CostRoots> => ({
  customers: { smallest: await uuidOf(db, 'cost-c9'), largest: await uuidOf(db, 'cost-big') },
  products: { smallest: await uuidOf(db, 'cost-rare'), largest: await uuidOf(db, 'cost-p1') },
  orders: { smallest: await uuidOf(db, 'cost-o9'), largest: await uuidOf(db, 'cost-o2') },
});
