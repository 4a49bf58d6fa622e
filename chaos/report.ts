// What a row reports, and the table printed after a run: per row what was acknowledged (and resolved from the
// Idempotency-Keys of unanswered commands), what each check found, how the fault showed, and the verdict; a
// control's verdict says whether the failure it planted was reported.
import Table from 'cli-table3';
import type { Findings } from './oracle.js';
import type { Evidence, Failure } from './verdict.js';
import type { WorkloadFigures } from './workload.js';

export interface RowResult extends WorkloadFigures, Findings, Evidence {
  row: string;
  injection: string;
  largestLag: number;
  /** Every pass condition the row tripped (docs/reliability.md lists them). */
  failures: Failure[];
  examples: string[];
  /** For a control: the failure it planted. */
  expected?: Failure;
  /** A fault row: no failure. A control: its planted failure reported, and its damage undone. */
  passed: boolean;
  restartedBefore?: readonly string[];
  durationMs?: number;
}

const seconds = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? 'never' : `${(ms / 1000).toFixed(1)} s`;

export function printResults(results: readonly RowResult[]): void {
  const table = new Table({
    head: [
      'row',
      'acknowledged (+resolved)',
      'unanswered: committed/not',
      'lost',
      '5xx',
      'dead letters',
      'largest lag',
      'converged in',
      'verify m/e/s',
      'fault showed',
      'failures',
      'verdict',
      'took',
    ],
    colWidths: [14, 14, 14, 6, 5, 8, 9, 11, 10, 28, 22, 22, 9],
    wordWrap: true,
  });
  for (const r of results) {
    const verdict = !r.passed ? 'FAILED' : r.expected ? `ok: ${r.expected} reported (control)` : 'ok';
    table.push([
      r.row,
      `${r.acknowledged ?? 0} (+${r.resolvedCommitted ?? 0})`,
      `${r.resolvedCommitted ?? 0}/${r.resolvedAbsent ?? 0}`,
      r.behind?.length ?? '-',
      r.serverErrors ?? '-',
      r.deadLettersAdded ?? '-',
      r.largestLag ?? '-',
      seconds(r.convergedMs),
      r.missing ? `${r.missing.length}/${r.extra.length}/${r.stale.length}` : '-',
      r.effect || '(none)',
      r.failures.join(', ') || '-',
      verdict,
      seconds(r.durationMs),
    ]);
  }
  console.log(table.toString());
  for (const r of results)
    if (!r.passed || r.expected) console.log(`${r.row}: ${r.examples.slice(0, 6).join('; ') || 'no detail'}`);
}
