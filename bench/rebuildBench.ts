// Rebuild throughput: `sluice rebuild orders` over >= 200,000 synthetic orders with lines in a scratch database
// (same migrations), next to two ceilings measured in the same run: the projection's SQL streamed alone (the same
// snapshot chunks, documents built and parsed, nothing sent) and raw Elasticsearch bulk of the very same documents,
// prebuilt and sent with the same chunk size, concurrency and bulk-load settings. Both share the machine, so the
// composed ceiling is 1 / (1/sql + 1/bulk): what a rebuild doing both in turn, with no overlap, would reach.
import { randomBytes } from 'node:crypto';
import Table from 'cli-table3';
import { createEsClient, type EsClient } from '../model/adapters/elasticsearch/client.js';
import { createVersionIndex } from '../model/adapters/elasticsearch/indexes.js';
import { bulkLoadSettings, createPostgresPool, openSnapshot, rebuildProjection } from '../projector/operations.js';
import type { SqlPool } from '../projector/operations.js';
import { ordersProjection } from '../model/projections/orders/orders.js';
import { createAdminPool, createScratchDatabase } from '../testkit/pg.js';
import { deleteIndexesWithPrefix, testEsAccess } from '../testkit/elasticsearch.js';

export interface RebuildBenchOptions {
  orders?: number;
  chunkSize?: number;
  concurrency?: number;
  esUrl?: string;
  print?: boolean;
}

export interface RebuildBenchResult {
  documents: number;
  rebuildDocsPerSecond: number;
  rebuildLoadSeconds: number;
  rawDocsPerSecond: number;
  rawSeconds: number;
  sqlDocsPerSecond: number;
  /** 1 / (1/sql + 1/bulk). */
  composedDocsPerSecond: number;
  /** rebuild / raw: how close hydration from Postgres comes to Elasticsearch's own bulk ceiling. */
  ratio: number;
  /** rebuild / composed ceiling. */
  composedRatio: number;
}

const SEED = [
  `INSERT INTO customers (id, name, email, city, tier) SELECT gen_random_uuid(), 'Bench customer ' || g, 'bench' || g || '@example.com',
     'City ' || (g % 50), (ARRAY['standard', 'gold', 'platinum'])[1 + g % 3] FROM generate_series(1, 10000) g`,
  `INSERT INTO products (id, sku, name, category, price_cents, stock) SELECT gen_random_uuid(), 'BENCH-' || g, 'Bench product ' || g,
     'cat' || (g % 12), 100 + g, 1000000 FROM generate_series(1, 1000) g`,
  `WITH c AS (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM customers)
   INSERT INTO orders (id, customer_id, status, total_cents, placed_at) SELECT gen_random_uuid(), c.id,
     (ARRAY['pending', 'paid', 'shipped', 'cancelled'])[1 + g % 4], 100 * g % 100000, now() - (g || ' minutes')::interval
   FROM generate_series(1, $1::int) g JOIN c ON c.rn = 1 + g % 10000`,
  // 1 to 3 lines per order, each with a distinct product.
  `WITH p AS (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM products), o AS (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM orders)
   INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents) SELECT o.id, p.id, 1 + (o.rn + k) % 4, 100 * (1 + (o.rn * 7 + k) % 50)
   FROM o CROSS JOIN generate_series(0, 2) k JOIN p ON p.rn = 1 + (o.rn * 3 + k * 17) % 1000 WHERE k <= o.rn % 3`,
  'ANALYZE',
];

async function seed(database: string, orders: number): Promise<void> {
  const admin = createAdminPool(database, 1);
  try {
    for (const sql of SEED) await admin.query(sql, sql.includes('$1') ? [orders] : []);
  } finally {
    await admin.end();
  }
}

/** The same documents the rebuild writes, prebuilt as NDJSON lines per chunk, so the raw run measures ES only. */
async function prebuild(pool: SqlPool, chunkSize: number): Promise<string[][]> {
  const snapshot = await openSnapshot(pool, ordersProjection, chunkSize);
  const chunks: string[][] = [];
  try {
    for await (const chunk of snapshot.chunks()) {
      chunks.push([...chunk.docs].flatMap(([id, doc]) => [JSON.stringify({ index: { _id: id, version: snapshot.version, version_type: 'external' } }), JSON.stringify(doc)]));
    }
  } finally {
    await snapshot.close();
  }
  return chunks;
}

async function rawBulk(es: EsClient, index: string, chunks: string[][], concurrency: number): Promise<number> {
  await createVersionIndex(es, ordersProjection, index, bulkLoadSettings);
  const began = performance.now();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < chunks.length; i = next++) {
      const res = await es.bulk({ index, operations: chunks[i]! });
      if (res.errors) throw new Error(`raw bulk item failed: ${JSON.stringify(res.items.find((it) => it.index?.error))}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return (performance.now() - began) / 1000;
}

export async function runRebuildBench(opts: RebuildBenchOptions = {}): Promise<RebuildBenchResult> {
  const orders = opts.orders ?? 200_000;
  const chunkSize = opts.chunkSize ?? 1000;
  const concurrency = opts.concurrency ?? 3;
  const prefix = `bench-${randomBytes(3).toString('hex')}-`;
  const scratch = await createScratchDatabase('sluice_bench');
  const es = createEsClient({ ...testEsAccess(), ...(opts.esUrl ? { url: opts.esUrl } : {}) });
  const env = process.env;
  const pool = createPostgresPool({ host: env['PG_HOST'] ?? '127.0.0.1', port: Number(env['PG_PORT'] ?? 5432), database: scratch.name, user: env['PG_PROJECTOR_USER'] ?? 'sluice_projector', password: env['PG_PROJECTOR_PASSWORD'] ?? 'projector-dev', max: 4 });
  try {
    await seed(scratch.name, orders);
    const report = await rebuildProjection({ projection: ordersProjection, pg: pool, es, indexPrefix: prefix, chunkSize, concurrency, keep: 0 });
    const sqlBegan = performance.now();
    const chunks = await prebuild(pool, chunkSize);
    const sqlSeconds = (performance.now() - sqlBegan) / 1000;
    const documents = chunks.reduce((n, c) => n + c.length / 2, 0);
    const rawSeconds = await rawBulk(es, `${prefix}raw`, chunks, concurrency);
    const [sqlDocsPerSecond, rawDocsPerSecond] = [documents / sqlSeconds, documents / rawSeconds];
    const composedDocsPerSecond = 1 / (1 / sqlDocsPerSecond + 1 / rawDocsPerSecond);
    const result: RebuildBenchResult = {
      documents, rebuildDocsPerSecond: report.docsPerSecond, rebuildLoadSeconds: report.loadSeconds,
      rawDocsPerSecond, rawSeconds, ratio: report.docsPerSecond / rawDocsPerSecond,
      sqlDocsPerSecond, composedDocsPerSecond, composedRatio: report.docsPerSecond / composedDocsPerSecond,
    };
    if (opts.print ?? true) printResult(result, chunkSize, concurrency);
    return result;
  } finally {
    await pool.end();
    await deleteIndexesWithPrefix(es, prefix);
    await es.close();
    await scratch.drop();
  }
}

function printResult(r: RebuildBenchResult, chunkSize: number, concurrency: number): void {
  const table = new Table({ head: ['path', 'documents', 'seconds', 'docs/s'], style: { head: [], border: [] } });
  table.push(['sluice rebuild (snapshot + hydrate SQL + bulk)', r.documents, r.rebuildLoadSeconds.toFixed(1), Math.round(r.rebuildDocsPerSecond)]);
  table.push(['projection SQL streamed alone (ceiling 1)', r.documents, (r.documents / r.sqlDocsPerSecond).toFixed(1), Math.round(r.sqlDocsPerSecond)]);
  table.push(['raw ES bulk, same prebuilt documents (ceiling 2)', r.documents, r.rawSeconds.toFixed(1), Math.round(r.rawDocsPerSecond)]);
  table.push(['composed ceiling 1 / (1/sql + 1/bulk)', r.documents, (r.documents / r.composedDocsPerSecond).toFixed(1), Math.round(r.composedDocsPerSecond)]);
  console.log(`rebuild throughput (orders with lines; chunk ${chunkSize}, ${concurrency} bulks in flight, refresh -1, 0 replicas)`);
  console.log(table.toString());
  console.log(`rebuild / composed ceiling: ${(r.composedRatio * 100).toFixed(0)} %; rebuild / raw bulk: ${(r.ratio * 100).toFixed(0)} %`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const orders = Number(process.argv[2] ?? 200_000);
  runRebuildBench({ orders }).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
