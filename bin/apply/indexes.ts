// `sluice apply`'s index step: every index the projections' hops need (model/projections/indexes.ts) that no valid
// index serves is created CONCURRENTLY, as the admin user: the table keeps taking writes while it builds, which a
// migration cannot offer (migrations run in one transaction, and CREATE INDEX in a transaction locks out writes
// for the whole build on a large table). Run before the migrations, so that one which declares the same index for
// new databases finds it (IF NOT EXISTS), and after them for tables they created. Tables not there yet are skipped.
import pg from 'pg';
import { checkIndexes, indexNeeds } from '../../model/projections/indexes.js';
import { projections } from '../../model/registry.js';
import { existingIndexes } from '../../projector/operations.js';

export async function createDerivedIndexes(adminUrl: string, say: (line: string) => void): Promise<string[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const present = new Set((await client.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public'`)).rows.map((r) => r.t));
    const needs = projections.flatMap(indexNeeds).filter((n) => present.has(n.table));
    const missing = checkIndexes(needs, await existingIndexes(client, [...present])).flatMap((c) => (c.ddl ? [c.ddl] : []));
    const created: string[] = [];
    for (const ddl of [...new Set(missing)]) {
      say(`   ${ddl}`);
      await client.query(ddl);
      created.push(ddl);
    }
    return created;
  } finally {
    await client.end();
  }
}
