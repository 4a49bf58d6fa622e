// Measures one hydration: the buffers of its plan (EXPLAIN (ANALYZE, BUFFERS)) and the CPU the Postgres backend
// spends per run, read from /proc/<backend pid>/stat around repeated runs (Postgres runs on this machine in the
// benchmark's stack; where /proc is not readable the executor's own time stands in, and the figure says so).
import { readFile } from 'node:fs/promises';
import type pg from 'pg';
import { explainSql, planCost, type PlanCost } from '../../model/projections/planCost.js';

export interface Measured extends PlanCost {
  cpuMs: number;
  cpuSource: 'proc' | 'executor';
}

const TICK_MS = 10; // USER_HZ is 100 on Linux
const MIN_WALL_MS = 400;
const MAX_RUNS = 200;

async function cpuTicks(pid: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
  } catch {
    return null;
  }
}

export async function measureHydration(db: pg.Pool, sql: string, ids: readonly string[]): Promise<Measured> {
  const client = await db.connect();
  try {
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    await client.query(sql, [ids]); // warm: the first run pays for planning and cold pages, not the plan's shape
    const { rows } = await client.query<{ 'QUERY PLAN': unknown }>(explainSql(sql), [ids]);
    const cost = planCost(rows[0]?.['QUERY PLAN']);
    const before = await cpuTicks(pid);
    const began = Date.now();
    let runs = 0;
    while (runs < 3 || (Date.now() - began < MIN_WALL_MS && runs < MAX_RUNS)) {
      await client.query(sql, [ids]);
      runs += 1;
    }
    const after = await cpuTicks(pid);
    if (before === null || after === null) return { ...cost, cpuMs: cost.executionMs, cpuSource: 'executor' };
    return { ...cost, cpuMs: ((after - before) * TICK_MS) / runs, cpuSource: 'proc' };
  } finally {
    client.release();
  }
}
