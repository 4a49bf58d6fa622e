-- Up Migration
-- Sluice's own schema, for incremental aggregates (docs/design.md decision 11, model/projections/summarySql.ts):
-- per field and source row the share it contributes (`contribution`), per field and root the sum of the shares
-- (`aggregate`), and which fields were built (`summary`). Nothing here is business data: every row can be rebuilt
-- from the business tables (`sluice rebuild`, or the projector at start for a field never built). The schema is
-- not in the publication, so writing it is never captured. The projector is the only role that may use it: it
-- stays read-only on the business tables.
CREATE SCHEMA IF NOT EXISTS sluice;
CREATE TABLE IF NOT EXISTS sluice.summary (field text PRIMARY KEY, built_at timestamptz NOT NULL);
CREATE TABLE IF NOT EXISTS sluice.contribution (field text NOT NULL, source text NOT NULL, root text NOT NULL, value numeric NOT NULL, PRIMARY KEY (field, source));
CREATE INDEX IF NOT EXISTS contribution_root_idx ON sluice.contribution (field, root);
CREATE TABLE IF NOT EXISTS sluice.aggregate (field text NOT NULL, root text NOT NULL, value numeric NOT NULL, PRIMARY KEY (field, root));
REVOKE ALL ON SCHEMA sluice FROM PUBLIC;
GRANT USAGE ON SCHEMA sluice TO sluice_projector;
GRANT SELECT, INSERT, UPDATE, DELETE ON sluice.summary, sluice.contribution, sluice.aggregate TO sluice_projector;

-- Down Migration
DROP SCHEMA IF EXISTS sluice CASCADE;
