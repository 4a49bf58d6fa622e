// Query throughput: GET /orders with free text, a filter and both facets, at fixed concurrency over >= 100,000
// synthetic order documents (the projector's real mapping, in a dedicated bench index behind its own alias),
// next to the very same Elasticsearch request bodies sent directly: the ceiling the HTTP figure should approach.
// Both parts are warmed up first (JIT, connections, Elasticsearch caches of the fresh index) and then measured in
// alternating rounds. The HTTP load comes from node:http with keep-alive (BENCH_HTTP_CLIENT=fetch for fetch()),
// see commandBench.ts. With `writeRate` (BENCH_WRITE_RATE), place-order runs at that steady rate through a command
// API process during the measured rounds: the read side under write pressure.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Client } from '@elastic/elasticsearch';
import { createEsClient } from '../model/adapters/elasticsearch/client.js';
import { testEsAccess } from '../testkit/elasticsearch.js';
import Table from 'cli-table3';
import pg from 'pg';
import { seedCatalogue } from './catalogue.js';
import { startCommandApi, startQueryApi } from '../testkit/apiProcesses.js';
import { driveAtRate, figures, loadClient, round2, sample, sampleAtRate, type Figures, type HttpClientKind, type Sample } from './measure/load.js';
import { spread } from './measure/stats.js';
import { deriveQuery } from '../api/query/derived/fields.js';
import { buildDerivedSearch, derivedSchema } from '../api/query/derived/search.js';
import { ordersProjection } from '../model/projections/orders/orders.js';
import { indexMapping } from '../model/projections/mapping.js';
import { bulkLoadOrders } from '../testkit/syntheticOrders.js';
import { writerConfig } from '../testkit/pg.js';
import { PROGRESS_INDEX } from '../lib/names.js';

export interface QueryBenchOptions {
  esUrl?: string;
  documents?: number;
  concurrency?: number;
  /** Per part; each part also stops after maxRequests. */
  durationMs?: number;
  maxRequests?: number;
  print?: boolean;
  /** HTTP client of the load generator: node:http with keep-alive (default) or fetch(). */
  client?: HttpClientKind;
  /** Each part runs this long, unmeasured, before the first round. */
  warmupMs?: number;
  /** Alternating measured rounds (HTTP, then direct). */
  rounds?: number;
  /** place-order per second through a command API process during the measured rounds (0: none). */
  writeRate?: number;
  /** Searches per second, open loop, instead of closed loop at `concurrency` (latency at a given load). */
  searchRate?: number;
  /** Writer connection for the write load (defaults from PG_* like the command bench). */
  pg?: pg.PoolConfig;
}

export interface WriteLoadFigures {
  rate: number;
  achieved: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
}

export interface QueryBenchResult {
  documents: number;
  concurrency: number;
  /** Searches per second when the rounds ran open loop (0: closed loop at `concurrency`). */
  searchRate: number;
  loadSeconds: number;
  client: HttpClientKind;
  /** Over all rounds. */
  http: Figures;
  direct: Figures;
  rounds: { http: Figures; direct: Figures; ratio: number }[];
  writes?: WriteLoadFigures;
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

// place-order at a steady rate (open loop: a slow answer does not slow the next one down) through a command API
// process of its own, until stopped.
async function startWriteLoad(pgConfig: pg.PoolConfig, rate: number) {
  const pool = new pg.Pool({ ...pgConfig, max: 2 });
  const api = await startCommandApi(pgConfig, `bench-${randomUUID()}`);
  const client = loadClient('http', 512);
  const stopped = new AbortController();
  try {
    const { customerId, productIds } = await seedCatalogue(pool, 200);
    const order = () => {
      const first = Math.floor(Math.random() * (productIds.length - 1));
      return { item: null, url: `${api.url}/commands/place-order`, body: JSON.stringify({ customerId, lines: [{ productId: productIds[first], quantity: 1 }, { productId: productIds[first + 1], quantity: 1 }] }) };
    };
    const t0 = performance.now();
    const headers = { authorization: `Bearer ${api.key}`, 'content-type': 'application/json' };
    const driving = driveAtRate({ request: client.request, next: order, headers, perSecond: rate, durationMs: Infinity, signal: stopped.signal });
    return {
      async stop(): Promise<WriteLoadFigures> {
        stopped.abort();
        const seconds = (performance.now() - t0) / 1000;
        const sent = await driving;
        const errors = sent.filter((x) => x.status !== 201).length;
        const latency = spread(sent.map((x) => x.answeredAt - x.sentAt));
        return { rate, achieved: round2((sent.length - errors) / seconds), errors, p50Ms: round2(latency.p50), p99Ms: round2(latency.p99) };
      },
      close: () => void (api.stop(), client.close(), pool.end().catch(() => undefined)),
    };
  } catch (error) {
    api.stop();
    client.close();
    await pool.end();
    throw error;
  }
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
  return { index, loadSeconds: round2((performance.now() - t0) / 1000) };
}

export async function runQueryBench(opts: QueryBenchOptions = {}): Promise<QueryBenchResult> {
  const esUrl = opts.esUrl ?? process.env['ES_URL'] ?? 'https://127.0.0.1:9200';
  const documents = Math.max(100_000, opts.documents ?? 100_000);
  const concurrency = opts.concurrency ?? 16;
  const durationMs = opts.durationMs ?? 10_000;
  const maxRequests = opts.maxRequests ?? 200_000;
  const { client = 'http', warmupMs = 3_000, rounds = 1, writeRate = 0, searchRate = 0 } = opts;
  const measure = (op: (i: number) => Promise<boolean>) => (searchRate > 0 ? sampleAtRate(op, searchRate, durationMs) : sample(op, concurrency, durationMs, maxRequests));
  const prefix = `bench${randomBytes(3).toString('hex')}-`;
  const key = `bench-${randomBytes(8).toString('hex')}`;
  const es = createEsClient({ ...testEsAccess(), url: esUrl }); // the bench's own index: the superuser
  const load = loadClient(client, concurrency);
  let api: { url: string; stop(): void } | undefined;
  let index: string | undefined;
  let writes: Awaited<ReturnType<typeof startWriteLoad>> | undefined;
  try {
    const loaded = await createBenchIndex(es, prefix, documents);
    index = loaded.index;
    // The bench index has no progress document of its own: freshness is read from the stack's progress index.
    api = await startQueryApi(prefix, key, { esUrl, progressIndex: PROGRESS_INDEX, probe: '/health' });
    const queries = WORKLOAD.map((w) => new URLSearchParams(w).toString());
    const orderQuery = deriveQuery(ordersProjection);
    const bodies = WORKLOAD.map((w) => buildDerivedSearch(orderQuery)(derivedSchema(orderQuery).parse(w)));
    const headers = { authorization: `Bearer ${key}` };
    const viaHttp = async (i: number) => (await load.request(`${api!.url}/orders?${queries[i % queries.length]}`, 'GET', headers)).status === 200;
    const direct = async (i: number) => (await es.search({ index: `${prefix}orders`, ...(bodies[i % bodies.length] as object) }), true);
    // Warm-up: JIT, connections, Elasticsearch caches of the fresh index; both parts, so neither pays it alone.
    await sample(viaHttp, concurrency, warmupMs, maxRequests);
    await sample(direct, concurrency, warmupMs, maxRequests);
    if (writeRate > 0) writes = await startWriteLoad(opts.pg ?? writerConfig(), writeRate);
    const httpSamples: Sample[] = [];
    const directSamples: Sample[] = [];
    for (let r = 0; r < rounds; r++) {
      httpSamples.push(await measure(viaHttp));
      directSamples.push(await measure(direct));
    }
    const writeFigures = await writes?.stop();
    writes?.close();
    writes = undefined;
    const perRound = httpSamples.map((h, i) => {
      const [hf, df] = [figures([h]), figures([directSamples[i] as Sample])];
      return { http: hf, direct: df, ratio: round2(hf.perSecond / df.perSecond) };
    });
    const result: QueryBenchResult = {
      documents, concurrency, searchRate, loadSeconds: loaded.loadSeconds, client, http: figures(httpSamples), direct: figures(directSamples), rounds: perRound,
      ...(writeFigures ? { writes: writeFigures } : {}),
    };
    if (opts.print !== false) printResult(result);
    return result;
  } finally {
    if (writes) {
      await writes.stop().catch(() => undefined);
      writes.close();
    }
    api?.stop();
    load.close();
    if (index) await es.indices.delete({ index }, { ignore: [404] }).catch(() => undefined);
    await es.close();
  }
}

function printResult(r: QueryBenchResult): void {
  const table = new Table({ head: ['GET /orders (q, filters, 2 facets)', 'requests', 'errors', 'req/s', 'p50 ms', 'p99 ms'] });
  if (r.rounds.length > 1) {
    r.rounds.forEach((round, i) => {
      table.push([`round ${i + 1}: query API over HTTP`, round.http.requests, round.http.errors, round.http.perSecond, round.http.p50Ms, round.http.p99Ms]);
      table.push([`round ${i + 1}: direct to ES`, round.direct.requests, round.direct.errors, round.direct.perSecond, round.direct.p50Ms, round.direct.p99Ms]);
    });
  }
  table.push([`query API over HTTP (${r.client} client)`, r.http.requests, r.http.errors, r.http.perSecond, r.http.p50Ms, r.http.p99Ms]);
  table.push(['same bodies direct to ES (ceiling)', r.direct.requests, r.direct.errors, r.direct.perSecond, r.direct.p50Ms, r.direct.p99Ms]);
  const load = r.searchRate ? `${r.searchRate} searches/s (open loop)` : `concurrency ${r.concurrency}`;
  console.log(`${r.documents} order documents (bulk load ${r.loadSeconds} s), ${load}`);
  console.log(table.toString());
  const ratios = r.rounds.map((x) => x.ratio);
  console.log(`HTTP / direct: ${round2(r.http.perSecond / r.direct.perSecond)}${ratios.length > 1 ? ` (rounds: ${ratios.join(', ')})` : ''}`);
  if (r.writes) {
    const w = r.writes;
    console.log(`write load: place-order at ${w.rate}/s requested, ${w.achieved}/s achieved, ${w.errors} errors, p50 ${w.p50Ms} ms, p99 ${w.p99Ms} ms`);
  }
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  const env = process.env;
  runQueryBench({
    durationMs: Number(env['BENCH_DURATION_MS'] ?? 10_000),
    client: env['BENCH_HTTP_CLIENT'] === 'fetch' ? 'fetch' : 'http',
    rounds: Number(env['BENCH_ROUNDS'] ?? 1),
    writeRate: Number(env['BENCH_WRITE_RATE'] ?? 0),
    searchRate: Number(env['BENCH_SEARCH_RATE'] ?? 0),
    ...(env['BENCH_CONCURRENCY'] ? { concurrency: Number(env['BENCH_CONCURRENCY']) } : {}),
  }).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
