-- Up Migration
-- Grants cut to what each role's code does (infra/postgres/leastPrivilege.int.spec.ts proves one allowed and several
-- refused actions per role against the server). Migration 0001 gave the writer SELECT, INSERT, UPDATE and DELETE on
-- every business table; the command API's SQL (api/command/**/adapters/postgres) needs far less:
--   customers, products  SELECT (rules read and lock rows), INSERT, UPDATE of the columns commands change
--   orders               the same; order_lines SELECT, INSERT, DELETE (remove-order-line); never UPDATE
--   payments, shipments  INSERT only: nothing reads them back (uniqueness is enforced by the table owner)
--   idempotency_keys     SELECT, INSERT, UPDATE (response: the position after COMMIT), DELETE for the purge of keys
--                        older than their window; outbox as in 0004 (SELECT, INSERT, DELETE)
-- No DELETE on customers, products, orders, payments or shipments: no command deletes them. SELECT ... FOR NO KEY
-- UPDATE needs UPDATE on one column, which the column grants give.
REVOKE ALL ON customers, products, orders, order_lines, payments, shipments, idempotency_keys, outbox FROM sluice_writer;
GRANT SELECT, INSERT ON customers, products, orders TO sluice_writer;
GRANT UPDATE (name, email, city, tier, version, updated_at) ON customers TO sluice_writer;
GRANT UPDATE (name, price_cents, stock, version, updated_at) ON products TO sluice_writer;
GRANT UPDATE (status, total_cents, cancel_reason, paid_at, shipped_at, cancelled_at, version, updated_at) ON orders TO sluice_writer;
GRANT SELECT, INSERT, DELETE ON order_lines TO sluice_writer;
GRANT INSERT ON payments, shipments TO sluice_writer;
GRANT SELECT, INSERT, DELETE ON idempotency_keys TO sluice_writer;
GRANT UPDATE (response) ON idempotency_keys TO sluice_writer;
GRANT SELECT, INSERT, DELETE ON outbox TO sluice_writer;

-- The projector reads the business tables and nothing else (0001); Debezium holds REPLICATION, SELECT on the captured
-- tables, UPDATE on its two heartbeat rows and INSERT on its signal table (0001, 0004, 0005); ops holds pg_monitor and
-- pg_signal_backend (0001, 0003) and reads no table. Restated here so that no earlier grant widens them unnoticed.
REVOKE ALL ON customers, products, orders, order_lines, payments, shipments, idempotency_keys, outbox, outbox_heartbeat,
  sluice_heartbeat, sluice_signal FROM sluice_projector, sluice_ops, PUBLIC;
GRANT SELECT ON customers, products, orders, order_lines, payments, shipments TO sluice_projector;

-- The database: only the four roles (and the superuser) connect; nobody creates temporary tables (none is used).
DO $$
BEGIN
  EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO sluice_writer, sluice_projector, sluice_debezium, sluice_ops', current_database());
END $$;

-- Down Migration
DO $$
BEGIN
  EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM sluice_writer, sluice_projector, sluice_debezium, sluice_ops', current_database());
  EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO PUBLIC', current_database());
END $$;
REVOKE ALL ON customers, products, orders, order_lines, payments, shipments, idempotency_keys FROM sluice_writer;
GRANT SELECT, INSERT, UPDATE, DELETE ON customers, products, orders, order_lines, payments, shipments, idempotency_keys TO sluice_writer;
