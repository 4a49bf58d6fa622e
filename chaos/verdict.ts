// A row's verdict: every pass condition of docs/reliability.md, each named, so that a control can say which one it
// must trip and the report can say which ones a row tripped.
import type { Findings } from './oracle.js';
import type { WorkloadFigures } from './workload.js';

export const FAILURES = {
  heal: 'the injection or its heal failed (a restarted process not ready within the launcher\'s limit)',
  lost: 'an acknowledged effect never showed in Elasticsearch (absent or older than the ledger)',
  wrong: 'an Elasticsearch document says something else than the model at its version',
  ledger: 'Postgres does not hold what the acknowledged commands produced (or the ledger has a version gap)',
  uncommitted: 'an acknowledged transaction is not committed in Postgres',
  missing: 'verify: a row with no document',
  extra: 'verify: a document with no row',
  stale: 'verify: a document differing from its row',
  backwards: "a document's version moved backwards",
  'dead-letter': 'a dead letter was added',
  '5xx': 'the command API answered 500',
  lag: 'the projector lag did not drain to 0 within the bound',
  connector: 'the connector is not RUNNING at the end',
  'no-ack-after-heal': 'no command sent after the heal was acknowledged',
  pid: 'a process that was not injected changed or died',
  'no-effect': 'nothing shows that the fault took effect',
  'oracle-error': 'a check could not be made (a store did not answer)',
} as const;

export type Failure = keyof typeof FAILURES;

export interface Evidence {
  /** Acknowledged commands sent after the heal. */
  acknowledgedAfterHeal: number;
  /** Not-injected components whose process changed, as "name pid a -> b". */
  pidChanges: string[];
  /** How the fault showed (empty: it did not). */
  effect: string;
}

export function failuresOf(f: Findings, figures: WorkloadFigures, e: Evidence): Failure[] {
  const out: Failure[] = [];
  const when = (cond: boolean, failure: Failure) => cond && out.push(failure);
  when(f.behind.length > 0, 'lost');
  when(f.wrong.length > 0, 'wrong');
  when(f.ledgerMismatches.length > 0, 'ledger');
  when(f.uncommitted.length > 0, 'uncommitted');
  when(f.missing.length > 0, 'missing');
  when(f.extra.length > 0, 'extra');
  when(f.stale.length > 0, 'stale');
  when(f.backwards.length > 0, 'backwards');
  when(f.deadLettersAdded > 0, 'dead-letter');
  when(figures.serverErrors > 0, '5xx');
  when(!f.lagDrained, 'lag');
  when(!f.connectorRunning, 'connector');
  when(e.acknowledgedAfterHeal === 0, 'no-ack-after-heal');
  when(e.pidChanges.length > 0, 'pid');
  when(e.effect === '', 'no-effect');
  when(f.errors.length > 0, 'oracle-error');
  return out;
}

/** A few lines saying why, for the failures found. */
export function examplesOf(f: Findings, serverErrors: readonly string[], e: Evidence): string[] {
  return [
    ...f.errors,
    ...f.uncommitted.slice(0, 2),
    ...f.ledgerMismatches.slice(0, 2),
    ...f.behind.slice(0, 2),
    ...f.wrong.slice(0, 2),
    ...f.backwards.slice(0, 2),
    ...f.missing.slice(0, 2).map((x) => `missing ${x}`),
    ...f.extra.slice(0, 2).map((x) => `extra ${x}`),
    ...f.stale.slice(0, 2).map((x) => `stale ${x}`),
    ...serverErrors.slice(0, 2),
    ...e.pidChanges,
    ...(f.deadLettersAdded > 0 ? [`${f.deadLettersAdded} dead letter(s) added`] : []),
    ...(f.lagDrained ? [] : ['the projector lag did not drain']),
    ...(f.connectorRunning ? [] : ['the connector is not RUNNING']),
    ...(e.acknowledgedAfterHeal === 0 ? ['no command sent after the heal was acknowledged'] : []),
    ...(e.effect === '' ? ['nothing shows the fault took effect'] : []),
  ];
}
