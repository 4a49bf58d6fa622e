-- Up Migration
-- Debezium's signal table (connectors/sluice-postgres.json signal.data.collection). `sluice apply` inserts an
-- execute-snapshot signal here for every table newly captured, so rows that existed before the table was captured
-- are backfilled by an incremental snapshot. Debezium itself inserts the snapshot's window markers, and it learns of
-- both through the WAL: the table must be in the publication and in table.include.list (`sluice apply` keeps both
-- equal to the derived captured tables, projector/projections/captured.ts).
CREATE TABLE sluice_signal (
  id varchar(42) PRIMARY KEY,
  type varchar(32) NOT NULL,
  data varchar(2048)
);
GRANT SELECT, INSERT ON sluice_signal TO sluice_debezium;
ALTER PUBLICATION sluice_publication ADD TABLE sluice_signal;

-- Down Migration
ALTER PUBLICATION sluice_publication DROP TABLE sluice_signal;
DROP TABLE sluice_signal;
