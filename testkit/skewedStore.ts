// A small store with the shapes that break projections: one customer with most of the orders, one with none and
// one without a city, a bestseller on every other order and a product never sold, every order status, payments,
// shipments, cancel reasons, notes, timestamps with microseconds. Written with SQL into a database of its own.
import type pg from 'pg';

export const SKEWED_STORE_SQL = `
INSERT INTO customers (id, name, email, city, tier)
SELECT gen_random_uuid(), 'Skew customer ' || g, 'skew-c' || g || '@example.com', CASE WHEN g % 7 = 0 THEN NULL ELSE 'City ' || g % 5 END,
       (ARRAY['standard', 'gold', 'platinum'])[1 + g % 3]
FROM generate_series(1, 40) g;
INSERT INTO products (id, sku, name, category, price_cents, stock)
SELECT gen_random_uuid(), 'SKEW-' || g, 'Skew product ' || g, 'cat' || g % 4, 100 + g * 37, g * 3 FROM generate_series(1, 12) g;
INSERT INTO orders (id, customer_id, status, total_cents, note, cancel_reason, placed_at, paid_at, shipped_at, cancelled_at)
SELECT gen_random_uuid(),
       CASE WHEN g % 3 = 0 THEN (SELECT id FROM customers WHERE email = 'skew-c1@example.com')
            ELSE (SELECT id FROM customers WHERE email = 'skew-c' || (2 + g % 38) || '@example.com') END,
       s.status, 1000 + g * 13, CASE WHEN g % 5 = 0 THEN 'note ' || g END, CASE WHEN s.status = 'cancelled' THEN 'changed mind' END,
       timestamptz '2026-01-01 00:00:00.123456+00' + make_interval(secs => g * 3601.000789),
       CASE WHEN s.status IN ('paid', 'shipped') THEN timestamptz '2026-02-01 10:00:00.5+00' + make_interval(mins => g) END,
       CASE WHEN s.status = 'shipped' THEN timestamptz '2026-03-01 10:00:00.999999+00' + make_interval(mins => g) END,
       CASE WHEN s.status = 'cancelled' THEN now() END
FROM generate_series(1, 400) g
CROSS JOIN LATERAL (SELECT (ARRAY['pending', 'paid', 'shipped', 'cancelled', 'paid'])[1 + g % 5] AS status) s;
INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents)
SELECT o.id, p.id, 1 + (o.rn + p.rn) % 4, 100 + p.rn * 37
FROM (SELECT id, row_number() OVER (ORDER BY placed_at) AS rn FROM orders) o
JOIN (SELECT id, row_number() OVER (ORDER BY sku) AS rn FROM products WHERE sku <> 'SKEW-12') p
  ON p.rn = 1 AND o.rn % 2 = 0 OR p.rn = 2 + o.rn % 10 OR p.rn = 2 + (o.rn * 7) % 10 AND o.rn % 3 = 0;
INSERT INTO payments (id, order_id, amount_cents, method, paid_at)
SELECT gen_random_uuid(), id, total_cents, 'card', paid_at FROM orders WHERE paid_at IS NOT NULL;
INSERT INTO shipments (id, order_id, carrier, tracking_number, shipped_at)
SELECT gen_random_uuid(), id, 'UPS', 'T' || total_cents, shipped_at FROM orders WHERE shipped_at IS NOT NULL;
`;

export async function seedSkewedStore(admin: pg.Pool): Promise<void> {
  await admin.query(SKEWED_STORE_SQL);
}

/** Every root id of a table, for comparing whole projections. */
export const rootIds = async (db: pg.Pool, table: string): Promise<string[]> => (await db.query<{ id: string }>(`SELECT id::text FROM ${table} ORDER BY id`)).rows.map((r) => r.id);
