// `sluice apply`'s Postgres side, as the admin user: what exists, what the publication lists, who may read what,
// and the changes the plan asks for. Identifiers are quoted by the driver, never spliced in raw.
import pg from 'pg';
import type { TableName } from '../../model/change/change.js';

export interface ApplyPostgres {
  existingTables(): Promise<TableName[]>;
  publicationTables(publication: string): Promise<TableName[]>;
  missingGrants(tables: readonly TableName[], roles: readonly string[]): Promise<Record<TableName, string[]>>;
  setPublication(publication: string, tables: readonly TableName[]): Promise<void>;
  grantSelect(table: TableName, roles: readonly string[]): Promise<void>;
  insertSignal(signal: { id: string; type: string; data: string }, table: string): Promise<void>;
  close(): Promise<void>;
}

export async function connectApplyPostgres(adminUrl: string): Promise<ApplyPostgres> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const id = (name: string) => client.escapeIdentifier(name);
  return {
    async existingTables() {
      const r = await client.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public'`);
      return r.rows.map((row) => row.t);
    },
    async publicationTables(publication) {
      const r = await client.query<{ t: string }>(`SELECT tablename AS t FROM pg_publication_tables WHERE pubname = $1 AND schemaname = 'public'`, [publication]);
      return r.rows.map((row) => row.t);
    },
    async missingGrants(tables, roles) {
      const out: Record<TableName, string[]> = {};
      for (const table of tables) {
        const r = await client.query<{ role: string }>(
          `SELECT role FROM unnest($2::text[]) AS role WHERE NOT has_table_privilege(role, format('public.%I', $1::text), 'SELECT')`,
          [table, roles],
        );
        out[table] = r.rows.map((row) => row.role);
      }
      return out;
    },
    async setPublication(publication, tables) {
      // SET replaces the list in one statement: added tables start publishing, dropped ones stop, atomically.
      await client.query(`ALTER PUBLICATION ${id(publication)} SET TABLE ${tables.map((t) => `public.${id(t)}`).join(', ')}`);
    },
    async grantSelect(table, roles) {
      await client.query(`GRANT SELECT ON public.${id(table)} TO ${roles.map(id).join(', ')}`);
    },
    async insertSignal(signal, table) {
      await client.query(`INSERT INTO public.${id(table)} (id, type, data) VALUES ($1, $2, $3)`, [signal.id, signal.type, signal.data]);
    },
    close: () => client.end(),
  };
}
