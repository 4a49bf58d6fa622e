-- Up Migration
-- The transactional outbox (api/command/adapters/postgres/outbox.ts, docs/events.md). The command API inserts a
-- command's domain events and deletes them again in the command's transaction; only the WAL keeps them, and the
-- second connector (connectors/sluice-outbox.json) routes them to sluice.events.<aggregate_type>, keyed by
-- aggregate_id. The table is not in sluice_publication: the table-change connector never sees it.
--   id              the event id (consumers deduplicate by it); a header of every Kafka record
--   schema_version  the payload's version (api/events/schemas.ts)
--   occurred_at     the command's transaction start (now()), like updated_at on the business rows
--   xid             the command's transaction id (pg_current_xact_id(), as in the position token, lib/position.ts):
--                   the position itself is unknown inside the transaction (its LSN is read after COMMIT), and the
--                   xid is exact. bigint rather than xid8, which Debezium has no mapping for.
CREATE TABLE outbox (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  aggregate_type text NOT NULL,
  aggregate_id text NOT NULL,
  event_type text NOT NULL,
  schema_version integer NOT NULL,
  payload jsonb NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  xid bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint)
);

-- The outbox slot only advances when the connector receives something from its publication. Without this row it
-- would hold back WAL while no command runs (Postgres skips transactions with nothing published), however much the
-- business tables write. The outbox connector's heartbeat.action.query updates it; the connector drops its records.
CREATE TABLE outbox_heartbeat (id integer PRIMARY KEY, beat_at timestamptz NOT NULL);
INSERT INTO outbox_heartbeat (id, beat_at) VALUES (1, now());

-- SELECT: a DELETE ... WHERE reads the column it filters on. No UPDATE: outbox rows never change.
GRANT SELECT, INSERT, DELETE ON outbox TO sluice_writer;
GRANT SELECT ON outbox, outbox_heartbeat TO sluice_debezium;
GRANT UPDATE ON outbox_heartbeat TO sluice_debezium;

-- Pre-created (publication.autocreate.mode=disabled). Inserts and updates only: the outbox's deletes (and the
-- heartbeat's nonexistent deletes) are never decoded, so the connector sees each event exactly once in the WAL.
CREATE PUBLICATION sluice_outbox_publication FOR TABLE outbox, outbox_heartbeat WITH (publish = 'insert, update');

-- Down Migration
DROP PUBLICATION sluice_outbox_publication;
DROP TABLE outbox_heartbeat;
DROP TABLE outbox;
