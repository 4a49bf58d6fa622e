// `npm run bench [command|projector|query|rebuild ...]`: starts the real stack if needed, runs the chosen
// benchmarks (all by default), each of which measures its own ceiling in the same run, and prints a summary
// of ratios. Stops only what it started.
import Table from 'cli-table3';
import { ensureStack, stopStarted } from '../testkit/testStack.js';
import { createAdminPool, writerConfig } from '../testkit/pg.js';
import { eventTopic } from '../lib/names.js';
import { runCommandBench } from './commandBench.js';
import { runProjectorBench } from './projectorBench.js';
import { runQueryBench } from './queryBench.js';
import { runRebuildBench } from './rebuildBench.js';
import { printStoreResult, runStoreBench } from './storeBench.js';
import { printFreshness, runFreshnessBench } from './freshnessBench.js';
import { runEventsBench } from './eventsBench.js';
import { printCost, runCostBench } from './costBench.js';
import { IDLE_CEILING_PERCENT, printIdle, runIdleBench } from './idleBench.js';
import { printFlash, runFlashBench } from './flashBench.js';

type Row = [name: string, figure: string, ceiling: string, ratio: string];

const env = process.env;
const pct = (value: number, ceiling: number): string => `${((100 * value) / ceiling).toFixed(0)} %`;

const benches: Record<string, () => Promise<Row[]>> = {
  async command() {
    const r = await runCommandBench({
      pg: writerConfig(),
      durationMs: Number(env['BENCH_DURATION_MS'] ?? 8_000),
      rounds: Number(env['BENCH_ROUNDS'] ?? 3),
      client: env['BENCH_HTTP_CLIENT'] === 'fetch' ? 'fetch' : 'http',
    });
    return [
      ['place-order over HTTP (commands/s, p99)', `${Math.round(r.http.perSecond)}/s, ${Math.round(r.http.p99Ms)} ms`, `${Math.round(r.direct.perSecond)}/s direct SQL`, pct(r.http.perSecond, r.direct.perSecond)],
      ['place-order CPU per command', `${r.cpuPerCommandMs.api} ms in the command API`, `${r.cpuPerCommandMs.direct} ms direct runner`, '-'],
      ['place-order with the outbox, direct (commands/s, p99)', `${Math.round(r.direct.perSecond)}/s, ${Math.round(r.direct.p99Ms)} ms`, `${Math.round(r.withoutOutbox.perSecond)}/s, ${Math.round(r.withoutOutbox.p99Ms)} ms without it`, pct(r.direct.perSecond, r.withoutOutbox.perSecond)],
    ];
  },
  async projector() {
    const r = await runProjectorBench();
    return [
      ['projector catch-up (events/s)', `${r.projectorEventsPerSec}/s`, `${r.debeziumEventsPerSec}/s Debezium into Kafka`, pct(r.projectorEventsPerSec, r.debeziumEventsPerSec)],
      ['projector documents (docs/s)', `${r.projectorDocsPerSec}/s`, `${r.esBulkDocsPerSec}/s raw ES bulk`, pct(r.projectorDocsPerSec, r.esBulkDocsPerSec)],
      ['commit to searchable (p50 / p99)', `${r.latency.p50Ms} / ${r.latency.p99Ms} ms`, '-', '-'],
    ];
  },
  async query() {
    const common = { esUrl: env['ES_URL'], rounds: Number(env['BENCH_ROUNDS'] ?? 3), client: env['BENCH_HTTP_CLIENT'] === 'fetch' ? ('fetch' as const) : ('http' as const) };
    const quiet = await runQueryBench(common);
    // The read side under write pressure: the same searches while orders are placed through the command API.
    const writeRate = Number(env['BENCH_WRITE_RATE'] ?? 100);
    // Open loop: the latency of a steady stream of searches, not how many the saturated machine can still answer.
    const searchRate = Number(env['BENCH_SEARCH_RATE'] ?? 20);
    const loaded = await runQueryBench({ ...common, writeRate, searchRate });
    const row = (name: string, r: typeof quiet): Row => [name, `${Math.round(r.http.perSecond)}/s, ${Math.round(r.http.p99Ms)} ms`, `${Math.round(r.direct.perSecond)}/s direct ES`, pct(r.http.perSecond, r.direct.perSecond)];
    return [
      row('search with facets (req/s, p99)', quiet),
      [`search with facets at ${searchRate}/s, ${writeRate} orders/s placed (p50 / p99)`, `${Math.round(loaded.http.p50Ms)} / ${Math.round(loaded.http.p99Ms)} ms`, `${Math.round(loaded.direct.p50Ms)} / ${Math.round(loaded.direct.p99Ms)} ms direct ES`, '-'],
      ['orders placed meanwhile (achieved/s, p99)', `${loaded.writes?.achieved ?? 0}/s, ${Math.round(loaded.writes?.p99Ms ?? 0)} ms`, `${writeRate}/s asked`, pct(loaded.writes?.achieved ?? 0, writeRate)],
    ];
  },
  async freshness() {
    const r = await runFreshnessBench({
      ...(env['BENCH_FRESHNESS_RATES'] ? { rates: env['BENCH_FRESHNESS_RATES'].split(',').map(Number) } : {}),
      stepMs: Number(env['BENCH_STEP_MS'] ?? 20_000),
    });
    printFreshness(r);
    const at100 = r.steps.find((s) => s.rate === 100);
    return [
      ['commit to searchable at 100 orders/s (p50 / p99)', at100 ? `${at100.searchableMs.p50} / ${at100.searchableMs.p99} ms` : '-', '-', '-'],
      ['read-your-writes at 100 orders/s (p50 / p99)', at100 ? `${at100.readYourWritesMs.p50} / ${at100.readYourWritesMs.p99} ms` : '-', '-', '-'],
      ['raw bulk with projector-driven refresh (docs/s)', `${r.refreshCost.withRefreshDocsPerSec}/s`, `${r.refreshCost.defaultDocsPerSec}/s with 1 s refresh`, pct(r.refreshCost.withRefreshDocsPerSec, r.refreshCost.defaultDocsPerSec)],
    ];
  },
  async events() {
    const r = await runEventsBench({ durationMs: Number(env['BENCH_DURATION_MS'] ?? 15_000), backlog: Number(env['BENCH_EVENTS_BACKLOG'] ?? 3_000) });
    const path = (p: typeof r.events) => `${p.perSecond}/s; commit to consumer p50 ${p.commitToConsumerMs.p50} / p99 ${p.commitToConsumerMs.p99} ms; drained ${p.drainMs} ms after the last command`;
    return [
      // One order is one event but three table changes (orders, order_lines, products): the rates differ by design.
      [`domain events (outbox, ${eventTopic('order')}) while ${r.commands} orders were placed at ${r.commandsPerSecond}/s`, path(r.events), `table capture (${r.tables.topics.length} CDC topics): ${path(r.tables)}`, '-'],
      [`draining a backlog of ${r.drain.backlog} orders held by paused connectors (records/s)`, `${r.drain.eventsPerSecond}/s events`, `${r.drain.tableRecordsPerSecond}/s table changes`, '-'],
    ];
  },
  async store() {
    const r = await runStoreBench({
      ...(env['BENCH_STORE_RATES'] ? { rates: env['BENCH_STORE_RATES'].split(',').map(Number) } : {}),
      stepMs: Number(env['BENCH_STEP_MS'] ?? 20_000),
      columnRouting: env['BENCH_COLUMN_ROUTING'] !== 'off',
    });
    printStoreResult(r);
    const top = r.steps.filter((s) => s.sustained).at(-1);
    return [
      ['store: highest sustained mixed commands/s', `${r.highestSustained ?? 0}/s`, `${r.ceilingPerSecond}/s direct SQL`, pct(top?.achieved ?? 0, r.ceilingPerSecond)],
      ['store: documents per place-order (rare / bestseller)', `${Math.max(...r.placeOrderDocs.rare)} / ${Math.max(...r.placeOrderDocs.bestseller)}`, '-', '-'],
      ['store: 10,000-order customer renamed, searchable', `${r.bigCustomerRename.seconds ?? '>120'} s`, '-', '-'],
    ];
  },
  async cost() {
    const db = createAdminPool();
    try {
      const rows = await runCostBench(db, { ...(env['BENCH_COST_SIZES'] ? { sizes: env['BENCH_COST_SIZES'].split(',').map(Number) } : {}), plans: env['BENCH_COST_PLANS'] === '1' });
      printCost(rows);
      const worst = (root: 'smallest' | 'largest', refresh: boolean) => Math.max(...rows.filter((r) => r.root === root && r.projection.includes('refresh') === refresh).map((r) => r.measured.buffers));
      return [
        ['hydration buffers per document, worst projection (smallest / largest root)', `${worst('smallest', false)} / ${worst('largest', false)}`, '100 for the smallest (goal)', '-'],
        ['summary refresh buffers per changed row, worst (smallest / largest root)', `${worst('smallest', true)} / ${worst('largest', true)}`, '-', '-'],
      ];
    } finally {
      await db.end();
    }
  },
  async idle() {
    const r = await runIdleBench({ durationMs: Number(env['BENCH_IDLE_MS'] ?? 60_000), settleMs: Number(env['BENCH_IDLE_SETTLE_MS'] ?? 10_000) });
    printIdle(r);
    const top = r.processes.slice(0, 3).map((p) => `${p.name} ${p.percentOfCore} %`).join(', ');
    return [[`idle stack CPU over ${r.seconds} s, nothing written (largest: ${top})`, `${r.totalPercent} % of one core`, `${IDLE_CEILING_PERCENT} % ceiling`, pct(r.totalPercent, IDLE_CEILING_PERCENT)]];
  },
  async flash() {
    const r = await runFlashBench({
      ...(env['BENCH_FLASH_RATES'] ? { rates: env['BENCH_FLASH_RATES'].split(',').map(Number) } : {}),
      stepMs: Number(env['BENCH_STEP_MS'] ?? 10_000),
    });
    printFlash(r);
    const outage = r.steps.reduce((n, s) => n + s.otherUnavailable, 0);
    return [
      ['flash sale: highest rate on one product with no refusal', `${r.highestClean}/s`, `${r.highestCleanSpread}/s over 50 products`, pct(r.highestClean, Math.max(1, r.highestCleanSpread))],
      ['flash sale: refusals that claimed an outage (503 other than overloaded)', String(outage), '0', '-'],
    ];
  },
  async rebuild() {
    const r = await runRebuildBench({ orders: Number(env['BENCH_REBUILD_ORDERS'] ?? 200_000), esUrl: env['ES_URL'] });
    return [
      ['rebuild orders (docs/s)', `${Math.round(r.rebuildDocsPerSecond)}/s`, `${Math.round(r.composedDocsPerSecond)}/s composed (SQL ${Math.round(r.sqlDocsPerSecond)}/s, bulk ${Math.round(r.rawDocsPerSecond)}/s)`, pct(r.rebuildDocsPerSecond, r.composedDocsPerSecond)],
    ];
  },
};

async function main(): Promise<void> {
  const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(benches);
  const unknown = chosen.filter((name) => !(name in benches));
  if (unknown.length) throw new Error(`unknown benchmark(s) ${unknown.join(', ')}; choose from ${Object.keys(benches).join(', ')}`);
  // The cost benchmark reads plans in Postgres alone: the rest of the stack is started only for the others.
  const postgresOnly = chosen.every((name) => name === 'cost');
  const started = await ensureStack((line) => console.log(`[stack] ${line}`), postgresOnly ? ['postgres'] : undefined);
  try {
    const rows: Row[] = [];
    for (const name of chosen) rows.push(...(await benches[name]!()));
    const table = new Table({ head: ['benchmark', 'Sluice', 'ceiling (same run)', 'ratio'], style: { head: [], border: [] } });
    table.push(...rows);
    console.log(`\n${table.toString()}`);
  } finally {
    if (started.length) await stopStarted(started);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
