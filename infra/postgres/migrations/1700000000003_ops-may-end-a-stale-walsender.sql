-- Up Migration
-- When Kafka goes away, Connect can abandon a Debezium task whose graceful stop timed out without closing its
-- replication connection; the leaked connection keeps sending keepalives, so wal_sender_timeout never ends it and
-- the slot stays "active for PID n": the new task retries forever and nothing more is captured. The ops service
-- ends that walsender before it restarts the connector (api/ops/connectorRecovery.ts). pg_signal_backend lets it
-- terminate sessions of non-superuser roles only; it still reads no table.
GRANT pg_signal_backend TO sluice_ops;

-- Down Migration
REVOKE pg_signal_backend FROM sluice_ops;
