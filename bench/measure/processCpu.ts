// CPU time one process has used (the command API's cost per command), and CPU used by each component of the
// stack while a benchmark runs: every process in the process group the native launcher recorded for it or
// descended from it (Postgres backends, a JVM's threads, a node app), plus the benchmark process itself.
// Read from /proc, so it counts what the kernel charged, whatever else runs on the machine.
import { readdirSync, readFileSync } from 'node:fs';
import { allComponents, createContext } from '../../infra/native/index.js';
import { readRecord } from '../../infra/native/processes.js';

export interface CpuShare {
  name: string;
  /** Percent of one core over the sampled interval. */
  percentOfCore: number;
  /** The same unrounded: CPU milliseconds charged over the interval, and the interval itself. */
  cpuMs: number;
  seconds: number;
}

/** The share of the benchmark's own process group (load generator, probes), listed beside the stack's. */
export const BENCHMARK_PROCESS = 'benchmark (load, probes)';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

interface Proc {
  parent: number;
  group: number;
  ticks: number;
}

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces): state, parent, group... */
const statFields = (pid: number | string): string[] => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
/** User plus system CPU ticks of one process. */
const ticksOf = (fields: readonly string[]): number => Number(fields[11]) + Number(fields[12]);

/** CPU time (user + system) a process has used so far, in milliseconds. */
export const processCpuMs = (pid: number): number => (ticksOf(statFields(pid)) * 1000) / TICKS_PER_SECOND;

function processes(): Map<number, Proc> {
  const all = new Map<number, Proc>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = statFields(entry);
      all.set(Number(entry), { parent: Number(fields[1]), group: Number(fields[2]), ticks: ticksOf(fields) });
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return all;
}

/** CPU ticks (user + system) per recorded leader: its process group and every descendant (Postgres backends
 * are their own group leaders). */
function ticksByLeader(leaders: ReadonlySet<number>): Map<number, number> {
  const all = processes();
  const owner = (pid: number): number | undefined => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      const proc = all.get(p);
      if (!proc) return undefined;
      if (leaders.has(p)) return p;
      if (leaders.has(proc.group)) return proc.group;
      p = proc.parent;
    }
    return undefined;
  };
  const byLeader = new Map<number, number>();
  for (const [pid, proc] of all) {
    const leader = owner(pid);
    if (leader !== undefined) byLeader.set(leader, (byLeader.get(leader) ?? 0) + proc.ticks);
  }
  return byLeader;
}

/** Starts sampling; `stop()` returns each component's share of one core since the start, largest first. */
export function cpuByProcess(): { stop(): CpuShare[] } {
  const ctx = createContext(process.env, () => undefined);
  const groups = allComponents().flatMap((c) => {
    const record = readRecord(ctx.layout.pidFile(c.name));
    return record ? [{ name: c.name, group: record.pid }] : [];
  });
  groups.push({ name: BENCHMARK_PROCESS, group: processes().get(process.pid)?.group ?? process.pid });
  const leaders = new Set(groups.map((g) => g.group));
  const t0 = performance.now();
  const before = ticksByLeader(leaders);
  return {
    stop() {
      const seconds = (performance.now() - t0) / 1000;
      const after = ticksByLeader(leaders);
      return groups
        .map(({ name, group }) => {
          const cpuMs = ((after.get(group) ?? 0) - (before.get(group) ?? 0)) * (1000 / TICKS_PER_SECOND);
          return { name, percentOfCore: Math.round(cpuMs / 10 / seconds), cpuMs, seconds };
        })
        .sort((a, b) => b.percentOfCore - a.percentOfCore);
    },
  };
}
