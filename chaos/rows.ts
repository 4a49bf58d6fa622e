// The fault matrix (docs/reliability.md): each row injects one real fault into the running stack and heals it
// the way an operator would (`sluice up <component>`) or the way the fault ends by itself (SIGCONT). A row's
// `fault` returns once the fault is healed; what follows (recovery, convergence) is the system's own work.
// Each row names the processes it injects (every other process must keep its PID through the row) and how the
// fault shows that it took effect. The controls (chaos/controls.ts) run after the fault rows.
import { CONTROLS } from './controls.js';
import { CAPTURE_ROWS } from './rows/capture.js';
import { PROJECTOR_ROWS } from './rows/projector.js';
import { ROLLING_ROWS } from './rows/nodeRolling.js';
import { NODE_ROWS } from './rows/nodes.js';
import type { ComponentName } from './nemesis.js';
import type { Row } from './row.js';

export type { Effect, Row } from './row.js';

const hold = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const killAndRestart = (id: string, name: ComponentName): Row => ({
  id,
  injection: `kill -9 ${name}, restart after the hold`,
  injects: [name],
  effect: 'restart',
  async fault(n, holdMs) {
    await n.kill(name);
    await hold(holdMs);
    await n.start(name);
  },
});

/** SIGSTOP for the run's hold, or for at least `minHoldMs` where the row's outage must outlast the components' timeouts. */
const freeze = (id: string, name: ComponentName, minHoldMs = 0): Row => ({
  id,
  injection: `SIGSTOP ${name} for ${minHoldMs > 0 ? `at least ${minHoldMs / 1000} s` : 'the hold'}, then SIGCONT`,
  injects: [name],
  effect: 'stall',
  async fault(n, holdMs) {
    try {
      await n.freeze(name);
      await hold(Math.max(holdMs, minHoldMs));
    } finally {
      n.thaw(name);
    }
  },
});

const stopAndRestart = (id: string, name: ComponentName, signal: NodeJS.Signals | undefined, what: string): Row => ({
  id,
  injection: `${what}, restart after the hold`,
  injects: [name],
  effect: 'restart',
  async fault(n, holdMs) {
    await n.stop(name, signal);
    await hold(holdMs);
    await n.start(name);
  },
});

const STACK_ROWS: readonly Row[] = [
  killAndRestart('T01', 'projector'),
  stopAndRestart('T02', 'projector', 'SIGTERM', 'SIGTERM to the projector mid-batch'),
  killAndRestart('T03', 'connect'),
  // After a Kafka outage Connect can abandon the Debezium task with its replication connection open; the ops
  // service ends that walsender, and the new task waits out Debezium's metrics registration (about 2 minutes).
  // 30 s: past kafkajs' session (30 s) and request timeouts and Connect's producer timeouts, as the row asks.
  { ...freeze('T05', 'kafka', 30_000), convergeTimeoutMs: 420_000 },
  { ...killAndRestart('T06', 'kafka'), convergeTimeoutMs: 420_000 },
  freeze('T07', 'elasticsearch'),
  killAndRestart('T07-kill', 'elasticsearch'),
  stopAndRestart('T10', 'postgres', 'SIGQUIT', 'Postgres immediate shutdown (SIGQUIT)'),
  stopAndRestart('T10-fast', 'postgres', 'SIGINT', 'Postgres fast shutdown (SIGINT)'),
  killAndRestart('T01-api', 'command-api'),
  {
    id: 'T21',
    injection: 'ALTER TABLE orders ADD COLUMN under load, dropped after the hold',
    injects: [],
    effect: 'statement',
    async fault(n, holdMs) {
      const column = `chaos_${Date.now().toString(36)}`;
      await n.sql(`ALTER TABLE orders ADD COLUMN ${column} text DEFAULT 'x'`);
      await hold(holdMs);
      await n.sql(`ALTER TABLE orders DROP COLUMN ${column}`);
    },
  },
  ...CAPTURE_ROWS,
  ...PROJECTOR_ROWS,
  ...CONTROLS,
];

/** Against the replicated cluster (SLUICE_TARGET=cluster) the node faults, whose nodes exist only there. */
export const ROWS: readonly Row[] = process.env['SLUICE_TARGET'] === 'cluster' ? [...NODE_ROWS, ...ROLLING_ROWS] : STACK_ROWS;

/** The rows the default set leaves out, each with why. */
export const unprovenRows = (): string[] => ROWS.filter((r) => r.unproven).map((r) => `${r.id} (${r.unproven})`);

/** The named rows; none named: every row but the unproven ones; `all`: every row. */
export function rowsByIds(ids: readonly string[]): Row[] {
  if (ids.length === 0) return ROWS.filter((r) => !r.unproven);
  if (ids.length === 1 && ids[0]?.toLowerCase() === 'all') return [...ROWS];
  return ids.map((id) => {
    const row = ROWS.find((r) => r.id.toLowerCase() === id.toLowerCase());
    if (!row) throw new Error(`no chaos row ${id}; rows: ${ROWS.map((r) => r.id).join(', ')}`);
    return row;
  });
}
