-- Up Migration
-- Column-aware routing compares an update's before and after images and fans out only when a column a projection
-- reads changed. With REPLICA IDENTITY DEFAULT, Postgres logs no before image for an ordinary update, so every
-- update of customers and products (a stock decrement in every order placement, a version bump) would re-render
-- every order that shows the row. FULL logs the old row: measured cost in docs/routing.md (WAL per command).
ALTER TABLE customers REPLICA IDENTITY FULL;
ALTER TABLE products REPLICA IDENTITY FULL;

-- Down Migration
ALTER TABLE products REPLICA IDENTITY DEFAULT;
ALTER TABLE customers REPLICA IDENTITY DEFAULT;
