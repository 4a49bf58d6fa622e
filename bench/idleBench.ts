// What the stack costs while nothing happens: the CPU every process of `npm start` (the infrastructure and the four
// Sluice processes) is charged over a quiet interval, from /proc (user + system time of each process group the
// launcher recorded, so load from elsewhere on the machine does not count). The goal is the whole stack at most
// IDLE_CEILING_PERCENT of one core: loops that back off when nothing moves and wake on the first record.
import { withFullStack } from '../testkit/fullStack.js';
import { BENCHMARK_PROCESS, cpuByProcess } from './measure/processCpu.js';
import { setTimeout as elapse } from 'node:timers/promises';

/** The whole stack's idle budget, percent of one core. */
export const IDLE_CEILING_PERCENT = 5;

export interface IdleShare {
  name: string;
  /** Percent of one core, to a tenth. */
  percentOfCore: number;
}

export interface IdleResult {
  seconds: number;
  processes: IdleShare[];
  totalPercent: number;
}

const tenth = (v: number): number => Math.round(v * 10) / 10;

/** Settles for `settleMs` (start-up work, a connector's first flushes), then samples every process for `durationMs`. */
export async function runIdleBench(o: { durationMs: number; settleMs: number }): Promise<IdleResult> {
  return withFullStack(async () => {
    // Idle is a span of time, not a condition: the benchmark does nothing for it, by design.
    await elapse(o.settleMs);
    const cpu = cpuByProcess();
    await elapse(o.durationMs);
    const shares = cpu.stop();
    const seconds = shares[0]?.seconds ?? o.durationMs / 1000;
    const processes = shares.map((s) => ({ name: s.name, percentOfCore: tenth(s.cpuMs / 10 / s.seconds) })).sort((a, b) => b.percentOfCore - a.percentOfCore);
    const stack = processes.filter((p) => p.name !== BENCHMARK_PROCESS);
    return { seconds: tenth(seconds), processes, totalPercent: tenth(stack.reduce((sum, p) => sum + p.percentOfCore, 0)) };
  });
}

export function printIdle(r: IdleResult): void {
  for (const p of r.processes) console.log(`[idle] ${p.name}: ${p.percentOfCore} % of one core over ${r.seconds} s`);
  console.log(`[idle] whole stack: ${r.totalPercent} % of one core (ceiling ${IDLE_CEILING_PERCENT} %)`);
}
