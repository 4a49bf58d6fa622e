-- Up Migration
-- Least privilege (roles themselves are created by infra/postgres/roles.ts with passwords from config):
--   sluice_writer    the command API: DML on the business tables, nothing else.
--   sluice_projector read-only: SELECT on the business tables (hydration, verify, rebuild snapshots).
--   sluice_debezium  REPLICATION + SELECT on the captured tables, and the heartbeat row only.
--   sluice_ops       monitoring views only (pg_monitor).
GRANT USAGE ON SCHEMA public TO sluice_writer, sluice_projector, sluice_debezium;
GRANT SELECT, INSERT, UPDATE, DELETE ON customers, products, orders, order_lines, payments, shipments, idempotency_keys TO sluice_writer;
GRANT SELECT ON customers, products, orders, order_lines, payments, shipments TO sluice_projector;
GRANT SELECT ON customers, products, orders, order_lines, payments, shipments, sluice_heartbeat TO sluice_debezium;
GRANT UPDATE ON sluice_heartbeat TO sluice_debezium;
GRANT pg_monitor TO sluice_ops;

-- Pre-created and filtered, so Debezium needs no superuser (publication.autocreate.mode=disabled).
CREATE PUBLICATION sluice_publication FOR TABLE customers, products, orders, order_lines, payments, shipments, sluice_heartbeat;

-- Down Migration
DROP PUBLICATION sluice_publication;
REVOKE pg_monitor FROM sluice_ops;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM sluice_writer, sluice_projector, sluice_debezium;
REVOKE USAGE ON SCHEMA public FROM sluice_writer, sluice_projector, sluice_debezium;
