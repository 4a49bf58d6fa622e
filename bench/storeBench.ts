// The store benchmark: a store with history (bench/store/history.ts), then a mixed workload through the command
// API at rising rates, with an isolated projector doing the work. Per rate: commands/s achieved, documents each
// command re-rendered (from the dirty marks, by transaction), commit-to-searchable of placed orders, the largest
// backlog and how long it took to drain. Then: place-order for a product on 10 orders against one on tens of
// thousands (documents must not grow with history), a rename of a customer with 10,000 orders (seconds until all
// are searchable with the new name), the WAL each command costs with and without before images, and the same
// commands' SQL straight to Postgres as the ceiling. BENCH_COLUMN_ROUTING=off gives the figures before
// column-aware routing, in the same store.
import { randomBytes, randomUUID } from 'node:crypto';
import Table from 'cli-table3';
import type pg from 'pg';
import { createCommandRunner } from '../api/command/adapters/postgres/commandRunner.js';
import { createCustomerCommands } from '../api/command/customers/handlers.js';
import { createOrderCommands } from '../api/command/orders/handlers.js';
import { createProductCommands } from '../api/command/products/handlers.js';
import { createLogger } from '../lib/logger.js';
import { waitFor } from '../lib/waitFor.js';
import type { EsClient } from '../model/adapters/elasticsearch/client.js';
import { loadProjectorConfig, settingsFrom } from '../projector/operations.js';
import { createAdminPool, createWriterPool, writerConfig } from '../testkit/pg.js';
import { createPipelineProbe, type PipelineProbe } from '../testkit/pipelineProbe.js';
import { startIsolatedProjector, type IsolatedProjector } from '../testkit/isolatedProjector.js';
import { startCommandApi, type ApiProcess } from '../testkit/apiProcesses.js';
import { spread, type Spread } from './measure/stats.js';
import { DEFAULT_SHAPE, ensureStore, type Store } from './store/history.js';
import { documentsByTx, drain, sampleLag, watchSearchable } from './store/observe.js';
import { createWorkload, drive, txIdOf, type Command, type Issued } from './store/workload.js';

export interface StoreBenchOptions {
  rates?: number[];
  stepMs?: number;
  drainTimeoutMs?: number;
  columnRouting?: boolean;
  ceilingMs?: number;
  say?: (line: string) => void;
}

export interface StepResult {
  offered: number;
  achieved: number;
  errors: number;
  documentsPerCommand: Spread;
  documentsPerPlaceOrder: Spread;
  searchableMs: Spread & { unseen: number };
  maxBacklog: number;
  drainMs: number | null;
  walBytesPerCommand: number;
  sustained: boolean;
}

export interface StoreBenchResult {
  store: Pick<Store, 'ordersOfBestseller' | 'ordersOfRare' | 'ordersOfBigCustomer'> & { orders: number };
  columnRouting: boolean;
  steps: StepResult[];
  highestSustained: number | null;
  placeOrderDocs: { rare: number[]; bestseller: number[] };
  bigCustomerRename: { orders: number; seconds: number | null };
  wal: { full: number; withoutBeforeImages: number };
  ceilingPerSecond: number;
}

const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;

interface Rig {
  db: pg.Pool;
  es: EsClient;
  tag: string;
  iso: IsolatedProjector;
  probe: PipelineProbe;
  api: ApiProcess;
}

const walLsn = async (db: pg.Pool): Promise<bigint> => BigInt((await db.query<{ b: string }>("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::text AS b")).rows[0]!.b);

async function step(rig: Rig, store: Store, rate: number, o: Required<Omit<StoreBenchOptions, 'say' | 'rates'>>): Promise<StepResult> {
  const workload = createWorkload(store);
  const mark = await rig.probe.mark();
  const stopSampling = sampleLag(rig.probe);
  const searchable = watchSearchable(rig.es, `${rig.tag}-orders`);
  const wal0 = await walLsn(rig.db);
  const source = (): Command => {
    const command = workload.next();
    if (command.name !== 'place-order') return command;
    const accepted = command.accepted;
    return { ...command, accepted: (id) => (searchable.watch(id, performance.now()), accepted?.(id)) };
  };
  const t0 = performance.now();
  const issued = await drive(rig.api.url, rig.api.key, source, rate, o.stepMs);
  const seconds = (performance.now() - t0) / 1000;
  const walBytes = Number((await walLsn(rig.db)) - wal0);
  const drainMs = await drain(rig.probe, o.drainTimeoutMs);
  const maxBacklog = await stopSampling();
  const seen = await searchable.stop(drainMs === null ? 1_000 : 30_000);
  const byTx = drainMs === null ? new Map<number, Set<string>>() : await documentsByTx(rig.probe, mark);
  const ok = issued.filter((c) => c.status >= 200 && c.status < 300);
  const docs = (list: Issued[]) => spread(list.map((c) => byTx.get(c.txId ?? -1)?.size ?? 0));
  const latency = spread(seen.latencies);
  return {
    offered: rate,
    achieved: round(ok.length / seconds, 1),
    errors: issued.length - ok.length,
    documentsPerCommand: docs(ok),
    documentsPerPlaceOrder: docs(ok.filter((c) => c.name === 'place-order')),
    searchableMs: { ...latency, p50: round(latency.p50), p99: round(latency.p99), max: round(latency.max), unseen: seen.unseen },
    maxBacklog,
    drainMs: drainMs === null ? null : round(drainMs),
    walBytesPerCommand: round(walBytes / Math.max(1, ok.length)),
    sustained: drainMs !== null && drainMs <= 5_000 && seen.unseen === 0,
  };
}

/** Documents re-rendered by each of `n` place-orders of one product only. */
async function placeOrderDocs(rig: Rig, store: Store, productIndex: number | 'rare', n: number): Promise<number[]> {
  const workload = createWorkload(store);
  const mark = await rig.probe.mark();
  const txIds: number[] = [];
  for (let i = 0; i < n; i++) {
    const command = workload.placeOrder(productIndex === 'rare' ? store.products.length : productIndex);
    const res = await fetch(`${rig.api.url}/commands/place-order`, { method: 'POST', headers: { authorization: `Bearer ${rig.api.key}`, 'content-type': 'application/json' }, body: JSON.stringify(command.body) });
    const tx = txIdOf(((await res.json()) as { position?: string }).position);
    if (tx !== null) txIds.push(tx);
  }
  await rig.probe.settle(mark, { orders: n, order_lines: n, products: n });
  const byTx = await documentsByTx(rig.probe, mark);
  return txIds.map((tx) => byTx.get(tx)?.size ?? 0);
}

/** Renames the customer with 10,000 orders; seconds from the command's answer until every order shows the name. */
async function renameBigCustomer(rig: Rig, store: Store): Promise<{ orders: number; seconds: number | null }> {
  const orders = Number((await rig.db.query<{ n: string }>('SELECT count(*) AS n FROM orders WHERE customer_id = $1', [store.bigCustomer])).rows[0]?.n ?? 0);
  const name = `Big customer ${randomBytes(3).toString('hex')}`;
  const res = await fetch(`${rig.api.url}/commands/change-customer-details`, { method: 'POST', headers: { authorization: `Bearer ${rig.api.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ customerId: store.bigCustomer, name }) });
  if (!res.ok) throw new Error(`change-customer-details answered ${res.status}`);
  const t0 = performance.now();
  const count = async () => (await rig.es.count({ index: `${rig.tag}-orders`, query: { match_phrase: { 'customer.name': name } } })).count;
  try {
    await waitFor(async () => (await count()) >= orders, { timeoutMs: 120_000, intervalMs: 50, description: `${orders} orders showing ${name}` });
    return { orders, seconds: round((performance.now() - t0) / 1000, 2) };
  } catch {
    return { orders, seconds: null };
  }
}

type Definitions = ReturnType<typeof createOrderCommands>;

/** Runs the workload's next command straight through the Postgres command runner; true when it was accepted. */
function directRunner(pool: pg.Pool, store: Store, definitions: Definitions): () => Promise<boolean> {
  const runner = createCommandRunner({ pool, logger: createLogger('bench', 'silent') });
  const workload = createWorkload(store);
  return async () => {
    const command = workload.next();
    const def = definitions.find((d) => d.name === command.name)!;
    const reply = await runner.run(def, def.schema.parse(command.body)).catch(() => null);
    if (reply) command.accepted?.(reply.body.id);
    return reply !== null;
  };
}

/** The same mix straight through the Postgres command runner: no HTTP, no JSON, no auth. */
async function directRate(store: Store, definitions: Definitions, durationMs: number, concurrency = 16): Promise<number> {
  const pool = createWriterPool(undefined, concurrency);
  const next = directRunner(pool, store, definitions);
  let done = 0;
  const deadline = performance.now() + durationMs;
  const loop = async () => {
    while (performance.now() < deadline) if (await next()) done++;
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, loop));
  const rate = done / ((performance.now() - t0) / 1000);
  await pool.end();
  return round(rate, 1);
}

/**
 * WAL bytes per command of the mix, run directly, with the identity the migration sets and with DEFAULT. Rounds
 * alternate and the median is reported: the first writes to a page after a checkpoint log the whole page, which
 * would otherwise be charged to whichever identity happened to run first.
 */
async function walCost(db: pg.Pool, store: Store, definitions: Definitions, n = 200, rounds = 3): Promise<{ full: number; withoutBeforeImages: number }> {
  const pool = createWriterPool(undefined, 4);
  const measure = async () => {
    const next = directRunner(pool, store, definitions);
    const before = await walLsn(db);
    let done = 0;
    for (let i = 0; i < n; i++) if (await next()) done++;
    return round(Number((await walLsn(db)) - before) / Math.max(1, done));
  };
  const identity = (mode: 'FULL' | 'DEFAULT') => db.query(`ALTER TABLE customers REPLICA IDENTITY ${mode}; ALTER TABLE products REPLICA IDENTITY ${mode}`);
  try {
    const [full, without]: [number[], number[]] = [[], []];
    for (let i = 0; i < rounds; i++) {
      await identity('DEFAULT');
      without.push(await measure());
      await identity('FULL');
      full.push(await measure());
    }
    return { full: spread(full).p50, withoutBeforeImages: spread(without).p50 };
  } finally {
    await db.query('ALTER TABLE customers REPLICA IDENTITY FULL; ALTER TABLE products REPLICA IDENTITY FULL');
    await pool.end();
  }
}

async function startRig(db: pg.Pool, columnRouting: boolean): Promise<Rig> {
  // The stack's own partition count: the bench measures the projector as deployed, not a test's smaller one.
  const { dirtyPartitions } = settingsFrom(loadProjectorConfig(process.env));
  const iso = await startIsolatedProjector({ label: 'store', settings: { columnRouting, dirtyPartitions } });
  const probe = await createPipelineProbe(iso.settings);
  const api = await startCommandApi(writerConfig(), `bench-${randomUUID()}`);
  return { db, es: iso.es, tag: iso.tag, iso, probe, api };
}

async function stopRig(rig: Rig): Promise<void> {
  rig.api.stop();
  await rig.probe.close();
  await rig.iso.close();
}

export async function runStoreBench(opts: StoreBenchOptions = {}): Promise<StoreBenchResult> {
  const say = opts.say ?? ((line: string) => console.log(`[store] ${line}`));
  const o = { stepMs: opts.stepMs ?? 20_000, drainTimeoutMs: opts.drainTimeoutMs ?? 60_000, columnRouting: opts.columnRouting ?? true, ceilingMs: opts.ceilingMs ?? 10_000 };
  const rates = opts.rates ?? [25, 50, 100, 150, 200];
  const db = createAdminPool(undefined, 4);
  const definitions = [...createOrderCommands({ newId: randomUUID }), ...createProductCommands({ newId: randomUUID }), ...createCustomerCommands({ newId: randomUUID })];
  try {
    const store = await ensureStore(db, DEFAULT_SHAPE, say);
    const orders = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM orders')).rows[0]?.n ?? 0);
    say(`store: ${orders} orders; bestseller on ${store.ordersOfBestseller}, rare product on ${store.ordersOfRare}, big customer with ${store.ordersOfBigCustomer}; column routing ${o.columnRouting ? 'on' : 'off'}`);
    const rig = await startRig(db, o.columnRouting);
    const steps: StepResult[] = [];
    let placeOrder: StoreBenchResult['placeOrderDocs'];
    let bigCustomerRename: StoreBenchResult['bigCustomerRename'];
    try {
      for (const rate of rates) {
        say(`${rate} commands/s for ${o.stepMs / 1000} s`);
        const result = await step(rig, store, rate, o);
        steps.push(result);
        say(`  achieved ${result.achieved}/s, docs/place-order p50 ${result.documentsPerPlaceOrder.p50} max ${result.documentsPerPlaceOrder.max}, searchable p99 ${result.searchableMs.p99} ms, drained in ${result.drainMs ?? 'more than the timeout'} ms`);
        if (!result.sustained) break;
      }
      say('place-order for a product on few orders and for the bestseller');
      placeOrder = { rare: await placeOrderDocs(rig, store, 'rare', 5), bestseller: await placeOrderDocs(rig, store, 0, 5) };
      say('renaming the customer with 10,000 orders');
      bigCustomerRename = await renameBigCustomer(rig, store);
    } finally {
      await stopRig(rig);
    }
    say('WAL per command with and without before images, then the direct-SQL ceiling (projector stopped)');
    const wal = await walCost(db, store, definitions);
    const ceilingPerSecond = await directRate(store, definitions, o.ceilingMs);
    const sustained = steps.filter((s) => s.sustained).map((s) => s.offered);
    const after = await ensureStore(db, DEFAULT_SHAPE, say);
    return {
      store: { orders, ordersOfBestseller: after.ordersOfBestseller, ordersOfRare: after.ordersOfRare, ordersOfBigCustomer: after.ordersOfBigCustomer },
      columnRouting: o.columnRouting, steps, highestSustained: sustained.length ? Math.max(...sustained) : null,
      placeOrderDocs: placeOrder, bigCustomerRename, wal, ceilingPerSecond,
    };
  } finally {
    await db.end();
  }
}

export function printStoreResult(r: StoreBenchResult): void {
  const table = new Table({ head: ['offered/s', 'achieved/s', 'of ceiling', 'errors', 'docs/command p50/p99/max', 'docs/place-order p50/p99/max', 'searchable p50/p99/max ms', 'max backlog', 'drain ms', 'WAL B/cmd', 'sustained'] });
  for (const s of r.steps) {
    const d = s.documentsPerCommand;
    const p = s.documentsPerPlaceOrder;
    table.push([s.offered, s.achieved, `${Math.round((100 * s.achieved) / r.ceilingPerSecond)} %`, s.errors, `${d.p50} / ${d.p99} / ${d.max}`, `${p.p50} / ${p.p99} / ${p.max}`,
      `${s.searchableMs.p50} / ${s.searchableMs.p99} / ${s.searchableMs.max}${s.searchableMs.unseen ? ` (${s.searchableMs.unseen} unseen)` : ''}`, s.maxBacklog, s.drainMs ?? 'timeout', s.walBytesPerCommand, s.sustained ? 'yes' : 'no']);
  }
  console.log(`store: ${r.store.orders} orders, bestseller on ${r.store.ordersOfBestseller}, rare product on ${r.store.ordersOfRare}; column routing ${r.columnRouting ? 'on' : 'off'}`);
  console.log(table.toString());
  console.log(`highest rate sustained with bounded backlog: ${r.highestSustained ?? 'none'} commands/s; ceiling (same commands, direct SQL): ${r.ceilingPerSecond}/s`);
  console.log(`documents per place-order: product on ${r.store.ordersOfRare} orders ${r.placeOrderDocs.rare.join(', ')}; bestseller on ${r.store.ordersOfBestseller} orders ${r.placeOrderDocs.bestseller.join(', ')}`);
  console.log(`customer with ${r.bigCustomerRename.orders} orders renamed: all searchable with the new name after ${r.bigCustomerRename.seconds ?? 'more than 120'} s`);
  console.log(`WAL per command: ${r.wal.full} B with before images (REPLICA IDENTITY FULL), ${r.wal.withoutBeforeImages} B without (+${Math.round((100 * (r.wal.full - r.wal.withoutBeforeImages)) / r.wal.withoutBeforeImages)} %)`);
}

if (process.argv[1]?.endsWith('storeBench.ts')) {
  const env = process.env;
  runStoreBench({
    ...(env['BENCH_STORE_RATES'] ? { rates: env['BENCH_STORE_RATES'].split(',').map(Number) } : {}),
    stepMs: Number(env['BENCH_STEP_MS'] ?? 20_000),
    columnRouting: env['BENCH_COLUMN_ROUTING'] !== 'off',
  })
    .then(printStoreResult)
    .catch((error: unknown) => void (console.error(error), (process.exitCode = 1)));
}
