// `npm run bench cost`: what hydrating one document costs Postgres as the store grows. A skewed store (bench/cost/
// store.ts) is grown to each size in turn; per size and per table-built projection, the smallest and the largest
// root are hydrated with the projection's own SQL: buffers touched (EXPLAIN (ANALYZE, BUFFERS)), CPU-ms of the
// backend per document, and the scans of the plan. Postgres alone is needed. The goal (docs/benchmarks.md): the
// smallest at most 100 buffers at every size, and flat with size.
import Table from 'cli-table3';
import type pg from 'pg';
import { projections } from '../model/registry.js';
import { hydrationSql } from '../model/projections/sql.js';
import { scanLine } from '../model/projections/planCost.js';
import { measureHydration, type Measured } from './cost/measure.js';
import { costRoots, growStore, sqlPoolOf, type CostRoots } from './cost/store.js';
import { createSummaryStore } from '../projector/operations.js';
import { measureRefresh } from './cost/refresh.js';

export interface CostRow {
  orders: number;
  projection: string;
  root: 'smallest' | 'largest';
  id: string;
  measured: Measured;
}

export interface CostBenchOptions {
  sizes?: number[];
  say?: (line: string) => void;
  /** Print every scan of every plan. */
  plans?: boolean;
}

const measuredNames = ['customers', 'products', 'orders'] as const;

export async function runCostBench(db: pg.Pool, o: CostBenchOptions = {}): Promise<CostRow[]> {
  const say = o.say ?? ((line: string) => console.log(line));
  const rows: CostRow[] = [];
  for (const orders of o.sizes ?? [20_000, 200_000]) {
    say(`cost: growing the store to ${orders} orders`);
    await growStore(db, orders, say);
    // The store grew behind the pipeline's back: the incremental aggregates' summary rows are rebuilt from it, as
    // `sluice rebuild` does, before their hydration is measured.
    const began = Date.now();
    const built = await createSummaryStore(sqlPoolOf(db), projections).build({ force: true });
    say(`  summary rows of ${built.length} incremental aggregates built in ${((Date.now() - began) / 1000).toFixed(1)} s`);
    const roots: CostRoots = await costRoots(db);
    for (const name of measuredNames) {
      const projection = projections.find((p) => p.name === name);
      if (!projection) continue;
      for (const root of ['smallest', 'largest'] as const) {
        const id = roots[name][root];
        const measured = await measureHydration(db, hydrationSql(projection), [id]);
        rows.push({ orders, projection: name, root, id, measured });
        if (o.plans) for (const s of measured.scans) say(`  ${orders} ${name} ${root}: ${scanLine(s)}`);
      }
    }
    for (const r of await refreshCosts(db, orders)) rows.push(r);
  }
  return rows;
}

/** The summary refresh one changed row costs, for the rows under the smallest and the largest roots. */
async function refreshCosts(db: pg.Pool, orders: number): Promise<CostRow[]> {
  const one = async (sql: string) => (await db.query<{ r: Record<string, unknown> }>(`SELECT row_to_json(t) AS r FROM ${sql} LIMIT 1`)).rows[0]!.r;
  const cases = [
    ['customers', 'smallest', 'orders', "orders t WHERE id = md5('cost-o9')::uuid"],
    ['customers', 'largest', 'orders', "orders t WHERE id = md5('cost-o2')::uuid"],
    ['products', 'smallest', 'order_lines', "order_lines t WHERE product_id = md5('cost-rare')::uuid"],
    ['products', 'largest', 'order_lines', "order_lines t WHERE product_id = md5('cost-p1')::uuid"],
  ] as const;
  const out: CostRow[] = [];
  for (const [name, root, table, from] of cases) {
    const projection = projections.find((p) => p.name === name);
    if (!projection) continue;
    const buffers = await measureRefresh(db, projection, table, await one(from));
    out.push({ orders, projection: `${name} (summary refresh per changed ${table === 'orders' ? 'order' : 'line'})`, root, id: '-', measured: { buffers, executionMs: 0, scans: [], cpuMs: 0, cpuSource: 'executor' } });
  }
  return out;
}

export function printCost(rows: readonly CostRow[]): void {
  const table = new Table({ head: ['orders', 'projection', 'root', 'buffers', 'CPU-ms/doc', 'executor ms', 'scans'], style: { head: [], border: [] } });
  for (const r of rows) {
    const scans = r.measured.scans.map((s) => `${s.relation}${s.index ? `/${s.index}` : ' (seq)'} ${s.rows}r`).join(', ');
    table.push([r.orders, r.projection, r.root, r.measured.buffers, `${r.measured.cpuMs.toFixed(2)}${r.measured.cpuSource === 'proc' ? '' : '*'}`, r.measured.executionMs.toFixed(2), scans]);
  }
  const note = rows.some((r) => r.measured.cpuSource !== 'proc') ? '\n(* executor time: /proc of the backend not readable)' : '';
  console.log(`\n${table.toString()}${note}`);
}
