-- Up Migration
-- The index customers.lastOrderAt needs (model/projections/indexes.ts derives it): latest-of is read as
-- `ORDER BY placed_at DESC LIMIT 1` among one customer's orders, a few buffers whatever the size of the store,
-- where max(placed_at) could walk orders_placed_at_idx across every customer's orders. Here for new databases,
-- where it costs nothing; on a store that already has rows `sluice apply` creates it CONCURRENTLY before it runs
-- the migrations (no write lock), and IF NOT EXISTS then leaves it be.
CREATE INDEX IF NOT EXISTS orders_customer_id_placed_at_idx ON orders (customer_id, placed_at);

-- Down Migration
DROP INDEX IF EXISTS orders_customer_id_placed_at_idx;
