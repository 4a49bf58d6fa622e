// Query throughput: GET /orders with free text, a filter and both facets, at fixed concurrency over >= 100,000
// synthetic order documents (the projector's real mapping, in a dedicated bench index behind its own alias),
// next to the very same Elasticsearch request bodies sent directly: the ceiling the HTTP figure should approach.
import { freePort } from '../test/support/freePort.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client } from '@elastic/elasticsearch';
import Table from 'cli-table3';
import { waitFor } from '../lib/waitFor.js';
import { buildOrderSearch, orderSearchSchema } from '../api/query/orders/search.js';
import { ordersProjection } from '../projector/projections/orders/orders.js';
import { indexMapping } from '../projector/projections/mapping.js';
import { bulkLoadOrders } from '../test/support/syntheticOrders.js';

export interface QueryBenchOptions {
  esUrl?: string;
  documents?: number;
  concurrency?: number;
  /** Per part; each part also stops after maxRequests. */
  durationMs?: number;
  maxRequests?: number;
  print?: boolean;
}

export interface QueryFigures {
  requests: number;
  errors: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface QueryBenchResult {
  documents: number;
  concurrency: number;
  loadSeconds: number;
  http: QueryFigures;
  direct: QueryFigures;
}

// A mix a search box and filter panel produce: text over customer and nested lines, filters, both facets.
const WORKLOAD: Record<string, string>[] = [
  { q: 'grace', status: 'paid' },
  { q: 'widget 42' },
  { category: 'garden', sort: 'totalCents:desc' },
  { q: 'ada', minTotalCents: '5000' },
  { status: 'shipped', category: 'books', size: '50' },
  { q: 'SKU-1234' },
];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (n: number) => Math.round(n * 100) / 100;

async function measure(op: (i: number) => Promise<boolean>, concurrency: number, durationMs: number, maxRequests: number): Promise<QueryFigures> {
  const latencies: number[] = [];
  let errors = 0;
  let started = 0;
  const t0 = performance.now();
  const loop = async () => {
    while (performance.now() < t0 + durationMs && started < maxRequests) {
      const i = started++;
      const t = performance.now();
      if (!(await op(i).catch(() => false))) errors++;
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, errors, perSecond: round((latencies.length - errors) / seconds), p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)) };
}


// The API runs as its own process, as in production, so the load generator does not steal its event loop.
async function startQueryApi(esUrl: string, prefix: string, key: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const env = { ...process.env, LOG_LEVEL: 'silent', ES_URL: esUrl, ES_INDEX_PREFIX: prefix, API_QUERY_PORT: String(port), API_KEYS: `${key}:queries`, API_RATE_LIMIT: '1000000000' };
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../api/query/main.ts', import.meta.url))], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/health`)).ok, { timeoutMs: 30_000, description: 'query API up' });
  return { url, child };
}

async function createBenchIndex(es: Client, prefix: string, documents: number): Promise<{ index: string; loadSeconds: number }> {
  const index = `${prefix}orders_v${ordersProjection.version}`;
  await es.indices.create({
    index, settings: { number_of_shards: 1, number_of_replicas: 0, refresh_interval: '-1' }, mappings: indexMapping(ordersProjection) as never, aliases: { [`${prefix}orders`]: {} },
  });
  const t0 = performance.now();
  await bulkLoadOrders(es, index, documents, 5_000);
  await es.indices.putSettings({ index, settings: { refresh_interval: '1s' } });
  await es.indices.forcemerge({ index, max_num_segments: 1 }).catch(() => undefined);
  return { index, loadSeconds: round((performance.now() - t0) / 1000) };
}

export async function runQueryBench(opts: QueryBenchOptions = {}): Promise<QueryBenchResult> {
  const esUrl = opts.esUrl ?? process.env['ES_URL'] ?? 'http://127.0.0.1:9200';
  const documents = Math.max(100_000, opts.documents ?? 100_000);
  const concurrency = opts.concurrency ?? 16;
  const durationMs = opts.durationMs ?? 10_000;
  const maxRequests = opts.maxRequests ?? 200_000;
  const prefix = `bench${randomBytes(3).toString('hex')}-`;
  const key = `bench-${randomBytes(8).toString('hex')}`;
  const es = new Client({ node: esUrl, requestTimeout: 30_000 });
  let api: { url: string; child: ChildProcess } | undefined;
  let index: string | undefined;
  try {
    const loaded = await createBenchIndex(es, prefix, documents);
    index = loaded.index;
    api = await startQueryApi(esUrl, prefix, key);
    const queries = WORKLOAD.map((w) => new URLSearchParams(w).toString());
    const bodies = WORKLOAD.map((w) => buildOrderSearch(orderSearchSchema.parse(w)));
    const headers = { authorization: `Bearer ${key}` };
    const viaHttp = async (i: number) => (await fetch(`${api!.url}/orders?${queries[i % queries.length]}`, { headers }).then(async (r) => (await r.arrayBuffer(), r.ok)));
    const direct = async (i: number) => (await es.search({ index: `${prefix}orders`, ...(bodies[i % bodies.length] as object) }), true);
    await measure(viaHttp, concurrency, 1_000, 2_000); // warm-up: JIT, ES caches, connections
    const http = await measure(viaHttp, concurrency, durationMs, maxRequests);
    const directFigures = await measure(direct, concurrency, durationMs, maxRequests);
    const result = { documents, concurrency, loadSeconds: loaded.loadSeconds, http, direct: directFigures };
    if (opts.print !== false) printResult(result);
    return result;
  } finally {
    api?.child.kill('SIGTERM');
    if (index) await es.indices.delete({ index }, { ignore: [404] }).catch(() => undefined);
    await es.close();
  }
}

function printResult(r: QueryBenchResult): void {
  const table = new Table({ head: ['GET /orders (q, filters, 2 facets)', 'requests', 'errors', 'req/s', 'p50 ms', 'p99 ms'] });
  table.push(['query API over HTTP', r.http.requests, r.http.errors, r.http.perSecond, r.http.p50Ms, r.http.p99Ms]);
  table.push(['same bodies direct to ES (ceiling)', r.direct.requests, r.direct.errors, r.direct.perSecond, r.direct.p50Ms, r.direct.p99Ms]);
  console.log(`${r.documents} order documents (bulk load ${r.loadSeconds} s), concurrency ${r.concurrency}`);
  console.log(table.toString());
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  runQueryBench({ durationMs: Number(process.env['BENCH_DURATION_MS'] ?? 10_000) }).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
