// Loads the store `sluice verify` is measured against (docs/operations.md, "Verify at scale"): the benchmark store's
// skewed history (bench/store/history.ts) at VERIFY_BENCH_ORDERS orders (default 1,000,000), written with SQL into
// the migrated database PG_DATABASE. Run it against a database of its own so that Debezium, which captures only the
// application database, does not stream a million inserts; `sluice rebuild orders` then builds the index from it.
import pg from 'pg';
import { withSecrets } from '../lib/secrets.js';
import { migrate, migrateOptionsFromEnv } from '../infra/postgres/migrate.js';
import { adminConfig } from '../testkit/pg.js';
import { DEFAULT_SHAPE, ensureStore } from './store/history.js';

const env = withSecrets(process.env);
Object.assign(process.env, env);
const orders = Number(env['VERIFY_BENCH_ORDERS'] ?? 1_000_000);
const say = (line: string): void => console.log(`${new Date().toISOString().slice(11, 19)}  ${line}`);

await migrate(migrateOptionsFromEnv(env));
const db = new pg.Pool({ ...adminConfig(), max: 2 });
try {
  const began = Date.now();
  const store = await ensureStore(db, { ...DEFAULT_SHAPE, orders, customers: Math.max(100, orders / 10) }, say);
  say(`store ready (${store.created ? 'created' : 'found'}) in ${Math.round((Date.now() - began) / 1000)} s: ${orders} orders`);
} finally {
  await db.end();
}
