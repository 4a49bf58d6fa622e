// The store the benchmark runs against: 20,000 customers, 1,000 products whose popularity is skewed (a product's
// rank k is drawn with probability about 1/k, so the bestseller is on tens of thousands of orders and the tail on
// a few hundred), 200,000 orders of 1-3 lines, one customer with 10,000 orders and one product on exactly 10. It
// is history, not the subject: written with SQL once and kept (recognised by its SKUs), so later runs reuse it.
import type pg from 'pg';

export interface StoreShape {
  orders: number;
  customers: number;
  products: number;
  bigCustomerOrders: number;
  rareProductOrders: number;
}

export const DEFAULT_SHAPE: StoreShape = { orders: 200_000, customers: 20_000, products: 1_000, bigCustomerOrders: 10_000, rareProductOrders: 10 };

export interface Store {
  customers: string[];
  /** Index 0 is the bestseller; popularity falls with the index. */
  products: string[];
  bigCustomer: string;
  rareProduct: string;
  /** Orders per product (bestseller first), and the big customer's orders, as Postgres counts them now. */
  ordersOfBestseller: number;
  ordersOfRare: number;
  ordersOfBigCustomer: number;
  created: boolean;
}

const NOTE = 'bench-store';
const CHUNK = 20_000;

const ORDERS_SQL = `
WITH o AS (
  INSERT INTO orders (id, customer_id, status, total_cents, placed_at, note)
  SELECT gen_random_uuid(),
         CASE WHEN g <= $3 THEN $4::uuid ELSE ($5::uuid[])[1 + (g::bigint * 7919) % array_length($5::uuid[], 1)] END,
         (ARRAY['pending','pending','pending','pending','paid','paid','paid','shipped','shipped','cancelled'])[1 + g % 10],
         300, now() - make_interval(mins => g), '${NOTE}'
  FROM generate_series($1::int, $2::int) g RETURNING id),
n AS (SELECT id, row_number() OVER () AS rn FROM o)
INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents)
SELECT n.id, ($6::uuid[])[k.rank], 1 + (n.rn % 3)::int, 100
FROM n CROSS JOIN LATERAL (SELECT least(array_length($6::uuid[], 1), floor(exp(random() * ln(array_length($6::uuid[], 1) + 1)))::int) AS rank, n.rn AS tie
                           FROM generate_series(1, 1 + (n.rn % 3)::int)) k
ON CONFLICT DO NOTHING`;

async function counts(db: pg.Pool, products: string[], bigCustomer: string, rare: string) {
  const one = async (sql: string, v: string) => Number((await db.query<{ n: string }>(sql, [v])).rows[0]?.n ?? 0);
  const byProduct = 'SELECT count(DISTINCT order_id) AS n FROM order_lines WHERE product_id = $1';
  return {
    ordersOfBestseller: await one(byProduct, products[0]!),
    ordersOfRare: await one(byProduct, rare),
    ordersOfBigCustomer: await one('SELECT count(*) AS n FROM orders WHERE customer_id = $1', bigCustomer),
  };
}

async function existing(db: pg.Pool, shape: StoreShape): Promise<Omit<Store, 'ordersOfBestseller' | 'ordersOfRare' | 'ordersOfBigCustomer' | 'created'> | null> {
  const products = (await db.query<{ id: string }>("SELECT id::text FROM products WHERE sku LIKE 'STORE-P%' ORDER BY sku")).rows.map((r) => r.id);
  const [rare] = (await db.query<{ id: string }>("SELECT id::text FROM products WHERE sku = 'STORE-RARE'")).rows;
  const [big] = (await db.query<{ id: string }>("SELECT id::text FROM customers WHERE email = 'store-big@example.com'")).rows;
  const orders = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM orders WHERE note = $1', [NOTE])).rows[0]?.n ?? 0);
  if (products.length !== shape.products || !rare || !big || orders < shape.orders) return null;
  const customers = (await db.query<{ id: string }>("SELECT id::text FROM customers WHERE email LIKE 'store-c%@example.com'")).rows.map((r) => r.id);
  return { customers, products, bigCustomer: big.id, rareProduct: rare.id };
}

async function remove(db: pg.Pool): Promise<void> {
  await db.query('DELETE FROM orders WHERE note = $1', [NOTE]);
  await db.query("DELETE FROM order_lines WHERE product_id IN (SELECT id FROM products WHERE sku LIKE 'STORE-%')");
  await db.query("DELETE FROM products WHERE sku LIKE 'STORE-%'");
  await db.query("DELETE FROM customers WHERE email LIKE 'store-%@example.com' AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = customers.id)");
}

/** Finds the store, or (re)creates it; `say` reports progress while creating. */
export async function ensureStore(db: pg.Pool, shape: StoreShape, say: (line: string) => void): Promise<Store> {
  const found = await existing(db, shape);
  if (found) return { ...found, ...(await counts(db, found.products, found.bigCustomer, found.rareProduct)), created: false };
  say(`creating the store: ${shape.orders} orders, ${shape.customers} customers, ${shape.products} products (once; later runs reuse it)`);
  await remove(db);
  const customers = (await db.query<{ id: string }>(
    `INSERT INTO customers (id, name, email, city) SELECT gen_random_uuid(), 'Store customer ' || g, 'store-c' || g || '@example.com', 'City ' || g % 100
     FROM generate_series(1, $1::int) g RETURNING id::text`, [shape.customers])).rows.map((r) => r.id);
  const [big] = (await db.query<{ id: string }>(`INSERT INTO customers (id, name, email, city) VALUES (gen_random_uuid(), 'Store big customer', 'store-big@example.com', 'Paris') RETURNING id::text`)).rows;
  const products = (await db.query<{ id: string }>(
    `INSERT INTO products (id, sku, name, category, price_cents, stock)
     SELECT gen_random_uuid(), 'STORE-P' || lpad(g::text, 5, '0'), 'Store product ' || g, 'cat' || g % 20, 100, 1000000000 FROM generate_series(1, $1::int) g
     RETURNING id::text, sku`, [shape.products])).rows.map((r) => r.id);
  const [rare] = (await db.query<{ id: string }>(`INSERT INTO products (id, sku, name, category, price_cents, stock) VALUES (gen_random_uuid(), 'STORE-RARE', 'Rare product', 'rare', 100, 1000000000) RETURNING id::text`)).rows;
  for (let from = 1; from <= shape.orders; from += CHUNK) {
    await db.query(ORDERS_SQL, [from, Math.min(shape.orders, from + CHUNK - 1), shape.bigCustomerOrders, big!.id, customers, products]);
    say(`  ${Math.min(shape.orders, from + CHUNK - 1)} orders`);
  }
  await db.query(
    `WITH o AS (INSERT INTO orders (id, customer_id, total_cents, note) SELECT gen_random_uuid(), ($2::uuid[])[g], 100, '${NOTE}' FROM generate_series(1, $1::int) g RETURNING id)
     INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents) SELECT id, $3, 1, 100 FROM o`,
    [shape.rareProductOrders, customers, rare!.id],
  );
  await db.query('ANALYZE customers, products, orders, order_lines');
  return { customers, products, bigCustomer: big!.id, rareProduct: rare!.id, ...(await counts(db, products, big!.id, rare!.id)), created: true };
}
