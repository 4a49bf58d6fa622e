// The nemesis: real faults on the processes the native launcher started, by their recorded process groups (never
// by name): kill -9, SIGSTOP/SIGCONT, a graceful stop, Postgres' fast and immediate shutdowns, and a restart
// through the launcher exactly as an operator's `sluice up <component>` does it.
import { allComponents, createContext, up } from '../infra/native/index.js';
import { openCluster } from '../infra/native/cluster/index.js';
import { isRunning, readRecord, stopRecorded } from '../infra/native/processes.js';
import pg from 'pg';
import { waitFor } from '../lib/waitFor.js';
import { adminConfig } from '../testkit/pg.js';
import { readFileSync } from 'node:fs';

/** A node of the replicated cluster (SLUICE_TARGET=cluster): `kafka-2`, `elasticsearch-1`, `projector-2`, ... */
export type ClusterNode = `${'kafka' | 'elasticsearch' | 'connect' | 'command-api' | 'projector' | 'query-api'}-${number}` | 'balancer';

export type ComponentName = 'postgres' | 'kafka' | 'elasticsearch' | 'connect' | 'command-api' | 'projector' | 'query-api' | 'ops' | ClusterNode;

export interface Nemesis {
  /** SIGKILL to the whole process group; returns once it is gone. */
  kill(name: ComponentName): Promise<void>;
  /** SIGSTOP: the process stays, answers nothing, holds its sockets open. Resolves once the kernel shows it stopped
   * (state `T` in /proc/<pid>/stat), the evidence that the fault took effect; rejects if it never does. */
  freeze(name: ComponentName): Promise<void>;
  /** The components this nemesis saw stopped by a freeze since the last call, then forgets them. */
  seenStopped(): ComponentName[];
  thaw(name: ComponentName): void;
  /** A clean stop with the component's own signal (or the one given: Postgres SIGINT = fast, SIGQUIT = immediate). */
  stop(name: ComponentName, signal?: NodeJS.Signals): Promise<void>;
  /** `sluice up <names>`: starts what is not running, then waits until ready. */
  start(...names: ComponentName[]): Promise<void>;
  /** `start` with extra settings for this start only (a fault hook, Elasticsearch node settings): the launcher
   * hands its own environment to what it starts, so they are set there for the call and put back after. */
  startWith(settings: Record<string, string>, ...names: ComponentName[]): Promise<void>;
  /** The component's log file, where a fault hook says where it fired. */
  logOf(name: ComponentName): string;
  /** Everything the launcher knows, started if needed; returns the names this call started. */
  ensureAll(): Promise<string[]>;
  running(name: ComponentName): boolean;
  /** The process id of every component the launcher recorded, undefined for one that does not run. */
  pids(): Record<ComponentName, number | undefined>;
  /** A statement as the Postgres superuser (DDL under load). */
  sql(statement: string): Promise<void>;
}

export function createNemesis(env: Record<string, string | undefined> = process.env, say: (line: string) => void = () => undefined): Nemesis {
  // Against the cluster, its nodes (by their own names) are what the faults hit and the launcher restarts.
  const cluster = env['SLUICE_TARGET'] === 'cluster' ? openCluster(env, say) : undefined;
  const ctx = cluster?.ctx ?? createContext(env, say);
  const components = cluster?.components ?? allComponents();
  const pidFile = (name: ComponentName) => ctx.layout.pidFile(name);
  const record = (name: ComponentName) => {
    const r = readRecord(pidFile(name));
    if (!isRunning(r)) throw new Error(`${name} is not running`);
    return r;
  };
  const signal = (name: ComponentName, sig: NodeJS.Signals) => process.kill(-record(name).pid, sig);
  // The field after the command name in /proc/<pid>/stat: R running, S sleeping, T stopped by a signal, ...
  const stateOf = (pid: number): string => readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').charAt(0);
  const stopped = new Set<ComponentName>();
  return {
    async kill(name) {
      const r = record(name);
      process.kill(-r.pid, 'SIGKILL');
      await waitFor(() => !isRunning(r), { timeoutMs: 30_000, intervalMs: 50, description: `${name} gone after SIGKILL` });
    },
    async freeze(name) {
      const { pid } = record(name);
      process.kill(-pid, 'SIGSTOP');
      await waitFor(() => stateOf(pid) === 'T', { timeoutMs: 10_000, intervalMs: 20, description: `${name} (pid ${pid}) stopped after SIGSTOP` });
      stopped.add(name);
    },
    seenStopped() {
      const seen = [...stopped];
      stopped.clear();
      return seen;
    },
    thaw: (name) => signal(name, 'SIGCONT'),
    async stop(name, sig) {
      const component = components.find((c) => c.name === name);
      await stopRecorded(pidFile(name), 60_000, sig ?? component?.stopSignal);
    },
    async start(...names) {
      await up(ctx, components.filter((c) => names.includes(c.name as ComponentName)));
    },
    async startWith(settings, ...names) {
      const saved = Object.fromEntries(Object.keys(settings).map((k) => [k, process.env[k]]));
      Object.assign(process.env, settings);
      try {
        await up(cluster ? openCluster(process.env, say).ctx : createContext(process.env, say), components.filter((c) => names.includes(c.name as ComponentName)));
      } finally {
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
      }
    },
    logOf: (name) => ctx.layout.log(name),
    ensureAll: () => up(ctx, components),
    running: (name) => isRunning(readRecord(pidFile(name))),
    pids() {
      const out = {} as Record<ComponentName, number | undefined>;
      for (const c of components) {
        const r = readRecord(pidFile(c.name as ComponentName));
        out[c.name as ComponentName] = isRunning(r) ? r?.pid : undefined;
      }
      return out;
    },
    async sql(statement) {
      const client = new pg.Client(adminConfig());
      await client.connect();
      try {
        await client.query(statement);
      } finally {
        await client.end();
      }
    },
  };
}
