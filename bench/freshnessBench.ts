// Freshness under load, as users see it, on the stack `npm start` runs: orders placed through its command API at
// a steady rate (open loop), its projector and progress tracker, its query API. Per rate: commit (the command's
// answer) to found by a search, p50/p99; a read-your-writes read (GET /orders/:id?minPosition=...) sent right after
// the answer, p50/p99 and any answer that did not show the order; the per-milestone budget from the projector's own
// /metrics over the same run; and the CPU each process used. Then the indexing cost of the refresh strategy: raw
// bulk of the same documents with a refresh every PROJECTOR_REFRESH_MS against the default one-second refresh.
import { randomBytes } from 'node:crypto';
import Table from 'cli-table3';
import { createEsClient, type EsClient } from '../model/adapters/elasticsearch/client.js';
import { createVersionIndex, servingSettings } from '../model/adapters/elasticsearch/indexes.js';
import { DEFAULT_TUNING } from '../projector/operations.js';
import { ordersProjection } from '../model/projections/orders/orders.js';
import { hydrationSql } from '../model/projections/sql.js';
import { createStagesProbe } from '../api/ops/adapters/metrics/metricsScrape.js';
import type { StageHistograms } from '../api/ops/lag/sample.js';
import { histogramDelta, percentilesOf } from '../api/ops/lag/percentiles.js';
import { createAdminPool } from '../testkit/pg.js';
import { deleteIndexesWithPrefix, testEsAccess } from '../testkit/elasticsearch.js';
import { loadClient, type Request } from './measure/load.js';
import { cpuByProcess, type CpuShare } from './measure/processCpu.js';
import { spread, type Spread } from './measure/stats.js';
import { removeBenchCatalogue, seedBenchCatalogue, type BenchCatalogue } from './catalogue.js';
import { withFullStack, type StackEndpoints } from '../testkit/fullStack.js';

export interface FreshnessStep {
  rate: number;
  achieved: number;
  searchableMs: Spread & { unseen: number };
  readYourWritesMs: Spread & { failed: number; stale: number };
  budget: Array<{ stage: string; p50Ms: number; p99Ms: number }>;
  cpu: CpuShare[];
}

export interface FreshnessResult {
  steps: FreshnessStep[];
  refreshCost: { refreshMs: number; withRefreshDocsPerSec: number; defaultDocsPerSec: number };
}

const round = Math.round;

/** p50/p99 per freshness milestone (captured ... searchable) the projector observed between two scrapes of its /metrics, as the ops service reads them. */
function budgetBetween(before: StageHistograms, after: StageHistograms): FreshnessStep['budget'] {
  return after.map(({ stage, histogram }) => {
    const p = percentilesOf(histogramDelta(histogram, before.find((b) => b.stage === stage)?.histogram));
    return { stage, p50Ms: round((p.p50 ?? NaN) * 1000), p99Ms: round((p.p99 ?? NaN) * 1000) };
  });
}

interface StepDeps {
  stack: StackEndpoints;
  request: Request;
  es: EsClient;
  ids: BenchCatalogue;
}

async function step(o: StepDeps, rate: number, durationMs: number): Promise<FreshnessStep> {
  const milestones = createStagesProbe(`${o.stack.metricsUrl}/metrics`, { key: o.stack.opsKey });
  const before = await milestones();
  const cpu = cpuByProcess();
  const waiting = new Map<string, number>();
  const searchable: number[] = [];
  const ryw: number[] = [];
  let [failed, stale, placed] = [0, 0, 0];
  let loading = true;
  // Found by a search: one ids query for everything not yet seen, every 25 ms (the measuring granularity).
  const poller = (async () => {
    for (const end = { at: Infinity }; loading || (waiting.size > 0 && performance.now() < end.at); ) {
      if (!loading && end.at === Infinity) end.at = performance.now() + 30_000;
      const ids = [...waiting.keys()];
      if (ids.length) {
        const hits = (await o.es.search({ index: 'orders', size: ids.length, _source: false, query: { ids: { values: ids } } })).hits.hits;
        const now = performance.now();
        for (const h of hits) {
          searchable.push(now - waiting.get(h._id!)!);
          waiting.delete(h._id!);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  const reads: Array<Promise<void>> = [];
  const commandHeaders = { authorization: `Bearer ${o.stack.commandKey}`, 'content-type': 'application/json' };
  const queryHeaders = { authorization: `Bearer ${o.stack.queryKey}` };
  const t0 = performance.now();
  const writes: Array<Promise<void>> = [];
  for (let i = 0; i < (rate * durationMs) / 1000; i++) {
    const wait = t0 + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const body = { customerId: o.ids.customers[i % o.ids.customers.length], lines: [{ productId: o.ids.products[i % o.ids.products.length], quantity: 1 }] };
    writes.push((async () => {
      const res = await o.request(`${o.stack.commandUrl}/commands/place-order`, 'POST', commandHeaders, JSON.stringify(body)).catch(() => ({ status: 0, body: '{}' }));
      const answer = JSON.parse(res.body) as { id?: string; position?: string };
      const at = performance.now();
      if (res.status >= 300 || !answer.id) return void failed++;
      placed++;
      waiting.set(answer.id, at);
      // Every fifth order is read back with its own position, the way a client shows what it just did.
      if (i % 5 === 0) {
        reads.push((async () => {
          const r = await o.request(`${o.stack.queryUrl}/orders/${answer.id}?minPosition=${answer.position}`, 'GET', queryHeaders).catch(() => ({ status: 0, body: '{}' }));
          if (r.status !== 200) return void failed++;
          if ((JSON.parse(r.body) as { id?: string }).id !== answer.id) return void stale++;
          ryw.push(performance.now() - at);
        })());
      }
    })());
  }
  await Promise.all(writes);
  const achieved = placed / ((performance.now() - t0) / 1000);
  await Promise.all(reads);
  loading = false;
  await poller;
  const s = spread(searchable);
  const r = spread(ryw);
  return {
    rate, achieved: Math.round(achieved * 10) / 10,
    searchableMs: { n: s.n, p50: round(s.p50), p99: round(s.p99), max: round(s.max), unseen: waiting.size },
    readYourWritesMs: { n: r.n, p50: round(r.p50), p99: round(r.p99), max: round(r.max), failed, stale },
    budget: budgetBetween(before, await milestones()),
    cpu: cpu.stop(),
  };
}

/** Raw bulk of the same order documents into scratch indexes: refreshed every `refreshMs` meanwhile, and not. */
async function refreshCost(db: ReturnType<typeof createAdminPool>, es: EsClient, prefix: string, refreshMs: number): Promise<FreshnessResult['refreshCost']> {
  const ids = (await db.query<{ id: string }>('SELECT id::text FROM orders ORDER BY placed_at DESC LIMIT 20000')).rows.map((r) => r.id);
  const pages: Array<Array<{ id: string; doc: object }>> = [];
  for (let i = 0; i < ids.length; i += 500) pages.push((await db.query<{ id: string; doc: object }>(hydrationSql(ordersProjection), [ids.slice(i, i + 500)])).rows);
  const load = async (index: string, refreshing: boolean) => {
    await createVersionIndex(es, ordersProjection, index, servingSettings);
    let running = true;
    const refresher = (async () => {
      while (refreshing && running) {
        await es.indices.refresh({ index });
        await new Promise((resolve) => setTimeout(resolve, refreshMs));
      }
    })();
    const t0 = performance.now();
    for (const page of pages) await es.bulk({ operations: page.flatMap((r) => [{ index: { _index: index, _id: r.id, version: 1, version_type: 'external' } }, r.doc]) });
    const perSec = ids.length / ((performance.now() - t0) / 1000);
    running = false;
    await refresher;
    return perSec;
  };
  const defaultDocsPerSec = await load(`${prefix}scratch-default`, false);
  const withRefreshDocsPerSec = await load(`${prefix}scratch-refresh`, true);
  return { refreshMs, withRefreshDocsPerSec: round(withRefreshDocsPerSec), defaultDocsPerSec: round(defaultDocsPerSec) };
}

const env = process.env;

/** Runs against the whole stack as `npm start` runs it; what this run starts, it stops. */
export const runFreshnessBench = (opts: { rates?: number[]; stepMs?: number } = {}): Promise<FreshnessResult> => withFullStack((stack) => measure(stack, opts));

async function measure(stack: StackEndpoints, opts: { rates?: number[]; stepMs?: number }): Promise<FreshnessResult> {
  const tag = `fresh${randomBytes(4).toString('hex')}`;
  const db = createAdminPool(undefined, 4);
  const es = createEsClient({ ...testEsAccess(), url: stack.esUrl });
  const client = loadClient('http', 512);
  try {
    const ids = await seedBenchCatalogue(db, tag);
    const rates = opts.rates ?? [100, 150, 200, 300];
    // Warm-up, not reported: processes the run just started have cold JITs, pools and caches.
    await step({ stack, request: client.request, es, ids }, rates[0]!, 5_000);
    const steps: FreshnessStep[] = [];
    for (const rate of rates) {
      const s = await step({ stack, request: client.request, es, ids }, rate, opts.stepMs ?? 20_000);
      steps.push(s);
      console.log(`[freshness] ${rate}/s: searchable p50 ${s.searchableMs.p50} p99 ${s.searchableMs.p99} ms; read-your-writes p50 ${s.readYourWritesMs.p50} p99 ${s.readYourWritesMs.p99} ms`);
      if (s.achieved < rate * 0.95 || s.searchableMs.unseen > 0) break;
    }
    return { steps, refreshCost: await refreshCost(db, es, `${tag}-`, Number(env['PROJECTOR_REFRESH_MS'] ?? DEFAULT_TUNING.refreshMs)) };
  } finally {
    client.close();
    await deleteIndexesWithPrefix(es, `${tag}-`);
    await removeBenchCatalogue(db, tag);
    await db.end();
    await es.close();
  }
}

export function printFreshness(r: FreshnessResult): void {
  const table = new Table({ head: ['orders/s', 'achieved', 'commit -> searchable p50 / p99 / max ms', 'read-your-writes p50 / p99 / max ms', 'budget p50/p99 ms: captured · resolved · hydrated · indexed · searchable'] });
  for (const s of r.steps) {
    table.push([s.rate, s.achieved, `${s.searchableMs.p50} / ${s.searchableMs.p99} / ${s.searchableMs.max}${s.searchableMs.unseen ? ` (${s.searchableMs.unseen} unseen)` : ''}`,
      `${s.readYourWritesMs.p50} / ${s.readYourWritesMs.p99} / ${s.readYourWritesMs.max}${s.readYourWritesMs.failed + s.readYourWritesMs.stale ? ` (${s.readYourWritesMs.failed} failed, ${s.readYourWritesMs.stale} stale)` : ''}`,
      s.budget.map((b) => `${b.p50Ms}/${b.p99Ms}`).join(' · ')]);
  }
  console.log(table.toString());
  for (const s of r.steps) console.log(`CPU at ${s.rate} orders/s (% of one core): ${s.cpu.map((c) => `${c.name} ${c.percentOfCore}`).join(', ')}`);
  const c = r.refreshCost;
  console.log(`raw bulk with a refresh every ${c.refreshMs} ms: ${c.withRefreshDocsPerSec} docs/s; with the default 1 s refresh: ${c.defaultDocsPerSec} docs/s (${Math.round((100 * c.withRefreshDocsPerSec) / c.defaultDocsPerSec)} %)`);
}

if (process.argv[1]?.endsWith('freshnessBench.ts')) {
  runFreshnessBench({ ...(env['BENCH_FRESHNESS_RATES'] ? { rates: env['BENCH_FRESHNESS_RATES'].split(',').map(Number) } : {}), stepMs: Number(env['BENCH_STEP_MS'] ?? 20_000) })
    .then(printFreshness)
    .catch((error: unknown) => void (console.error(error), (process.exitCode = 1)));
}
