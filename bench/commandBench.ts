// Command throughput: place-order through HTTP at fixed concurrency, next to the very same transaction run
// directly through the Postgres runner (no HTTP, no JSON, no auth): the ceiling the HTTP figure should approach.
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import Table from 'cli-table3';
import { createLogger } from '../lib/logger.js';
import { createCommandRunner } from '../api/command/adapters/postgres/commandRunner.js';
import { createOrderCommands } from '../api/command/orders/routes.js';
import { placeOrder } from '../api/command/orders/commands.js';
import { startCommandApi } from './support/commandApi.js';
import { percentile } from './support/stats.js';

export interface CommandBenchOptions {
  pg: pg.PoolConfig;
  concurrency?: number;
  /** Per part; the run also stops after maxRequests per part. */
  durationMs?: number;
  maxRequests?: number;
  products?: number;
  poolSize?: number;
  print?: boolean;
  /** Extra environment for the command API process (PG_* of the writer are derived from `pg`). */
  env?: Record<string, string>;
}

export interface BenchFigures {
  requests: number;
  errors: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface CommandBenchResult {
  http: BenchFigures;
  direct: BenchFigures;
  concurrency: number;
}


// Runs `op` from `concurrency` loops until the deadline or the request budget is spent.
async function measure(op: () => Promise<boolean>, concurrency: number, durationMs: number, maxRequests: number): Promise<BenchFigures> {
  const latencies: number[] = [];
  let errors = 0;
  let started = 0;
  const t0 = performance.now();
  const deadline = t0 + durationMs;
  const loop = async () => {
    while (performance.now() < deadline && started < maxRequests) {
      started++;
      const t = performance.now();
      const ok = await op().catch(() => false);
      latencies.push(performance.now() - t);
      if (!ok) errors++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return { requests: latencies.length, errors, perSecond: round((latencies.length - errors) / seconds), p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)) };
}

async function seedCatalogue(pool: pg.Pool, products: number) {
  const customerId = randomUUID();
  await pool.query('INSERT INTO customers (id, name, email) VALUES ($1, $2, $3)', [customerId, 'Bench', `bench-${customerId}@example.com`]);
  const ids = Array.from({ length: products }, () => randomUUID());
  await pool.query(
    `INSERT INTO products (id, sku, name, category, price_cents, stock)
     SELECT id, 'BENCH-' || id, 'Bench product', 'bench', 999, 1000000000 FROM unnest($1::uuid[]) AS id`,
    [ids],
  );
  return { customerId, productIds: ids };
}


export async function runCommandBench(opts: CommandBenchOptions): Promise<CommandBenchResult> {
  const { concurrency = 32, durationMs = 15_000, maxRequests = 200_000, products = 200, poolSize = 20 } = opts;
  const pool = new pg.Pool({ ...opts.pg, max: poolSize });
  const logger = createLogger('bench', 'silent');
  const key = `bench-${randomUUID()}`;
  let child: ChildProcess | undefined;
  try {
    const api = await startCommandApi(opts.pg, key, { poolSize, ...(opts.env ? { env: opts.env } : {}) });
    child = api.child;
    const url = `${api.url}/commands/place-order`;
    const { customerId, productIds } = await seedCatalogue(pool, products);
    const order = () => {
      const first = Math.floor(Math.random() * (productIds.length - 1));
      return { customerId, lines: [{ productId: productIds[first] as string, quantity: 1 }, { productId: productIds[first + 1] as string, quantity: 1 }] };
    };
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const http = await measure(async () => {
      const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(order()) });
      await res.arrayBuffer();
      return res.status === 201;
    }, concurrency, durationMs, maxRequests);
    api.stop();
    const runner = createCommandRunner({ pool, logger });
    const definition = createOrderCommands({ newId: randomUUID }).find((c) => c.name === 'place-order');
    if (!definition) throw new Error('place-order is not defined');
    const direct = await measure(async () => (await runner.run(definition, placeOrder.parse(order()))).status === 201, concurrency, durationMs, maxRequests);
    const result = { http, direct, concurrency };
    if (opts.print !== false) printResult(result);
    return result;
  } finally {
    if (child && child.exitCode === null) child.kill('SIGTERM');
    await pool.end();
  }
}

function printResult({ http, direct, concurrency }: CommandBenchResult): void {
  const table = new Table({ head: [`place-order (concurrency ${concurrency})`, 'requests', 'errors', 'commands/s', 'p50 ms', 'p99 ms'] });
  for (const [label, f] of [['HTTP (command API)', http], ['direct SQL (same transaction)', direct]] as const) {
    table.push([label, f.requests, f.errors, f.perSecond, f.p50Ms, f.p99Ms]);
  }
  console.log(table.toString());
}

if (process.argv[1]?.endsWith('commandBench.ts')) {
  const env = process.env;
  runCommandBench({
    pg: {
      host: env['PG_HOST'] ?? '127.0.0.1', port: Number(env['PG_PORT'] ?? 5432), database: env['PG_DATABASE'] ?? 'sluice',
      user: env['PG_WRITER_USER'] ?? 'sluice_writer', password: env['PG_WRITER_PASSWORD'] ?? 'writer-dev',
    },
    durationMs: Number(env['BENCH_DURATION_MS'] ?? 15_000),
    concurrency: Number(env['BENCH_CONCURRENCY'] ?? 32),
  }).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
