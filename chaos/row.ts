// What a row of the fault matrix is: an injection, the processes it touches, how it shows it took effect, and for
// a control the failure it plants. Types only, shared by the fault rows (rows.ts) and the controls (controls.ts).
import type pg from 'pg';
import type { EsClient } from '../model/adapters/elasticsearch/client.js';
import type { ComponentName, Nemesis } from './nemesis.js';
import type { Failure } from './verdict.js';
import type { Acknowledged } from './workload.js';

/**
 * How the row proves its fault took effect: `restart` = every injected process has a new PID after the row;
 * `stall` = while the fault lasted the projector's lag grew, or the lag could not be read, or requests failed;
 * `statement` = the injection is a statement that either ran or threw (DDL), nothing else to show.
 */
export type Effect = 'restart' | 'stall' | 'statement';

export interface Row {
  id: string;
  injection: string;
  fault: (n: Nemesis, holdMs: number) => Promise<void>;
  /** The processes the fault touches: their PIDs may change; every other one must not. */
  injects: readonly ComponentName[];
  effect: Effect;
  /** A control: the row passes only if the oracle reports the failure it plants, and the damage is undone. */
  control?: Control;
  /** Longer than the default when recovery involves waits of the components' own (minutes for Connect). */
  convergeTimeoutMs?: number;
  /**
   * Why the row is not in the default set (`npm test`, `npm run chaos` without CHAOS_ROWS): built with a real
   * injection but not yet seen passing. It runs when named, or with CHAOS_ROWS=all; every run names the rows left out.
   */
  unproven?: string;
}

/** What a control may touch to plant its damage once the pipeline has settled (load stopped). */
export interface PlantContext {
  es: EsClient;
  /** The Postgres superuser: behind the command API's back. */
  pg: pg.Pool;
  indexPrefix: string;
  dlqTopic: string;
  ledger: readonly Acknowledged[];
}

export interface Control {
  /** The failure the oracle must report for this control to pass. */
  expect: Failure;
  /** A real fault rather than planted damage (T09, T22): the findings it may show besides `expect`; any other fails it. */
  only?: readonly Failure[];
  /** Plants the damage after the pipeline settled, before the oracle judges; returns how to undo it. */
  plant?: (c: PlantContext) => Promise<() => Promise<void>>;
  /** Undoes what the fault itself left (a process it killed). */
  cleanup?: (n: Nemesis) => Promise<void>;
}
