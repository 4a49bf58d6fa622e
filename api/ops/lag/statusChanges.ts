// Which lag rows changed status between two reports: the monitor logs exactly one line per change, so a flapping
// row is visible without a line every two seconds while nothing changes.
import { LAG_ROWS, type Health, type LagReport, type LagRowName } from './lagReport.js';

export interface StatusChange {
  /** The lag row (`stage` in the log line, as the report's JSON names the rows). */
  stage: LagRowName | 'overall';
  from: Health | 'unknown';
  to: Health;
  reasons: string[];
}

export function statusChanges(previous: LagReport | undefined, next: LagReport): StatusChange[] {
  const changes: StatusChange[] = [];
  for (const row of LAG_ROWS) {
    const from = previous?.stages[row].status ?? 'unknown';
    const current = next.stages[row];
    if (from !== current.status) changes.push({ stage: row, from, to: current.status, reasons: current.reasons });
  }
  const overallFrom = previous?.status ?? 'unknown';
  if (overallFrom !== next.status) changes.push({ stage: 'overall', from: overallFrom, to: next.status, reasons: [] });
  return changes;
}

/** The compact point the console charts: one per sample, a few numbers per lag row. */
export interface ChartPoint {
  at: string;
  status: Health;
  slotLagBytes: number | null;
  retainedWalBytes: number | null;
  resolveLag: number | null;
  dirtyBacklog: number | null;
  freshnessP99Ms: number | null;
  /** Documents one source change dirtied, p99 over the window. */
  fanOutP99: number | null;
  deadLetters: number | null;
  throughput: Record<LagRowName, number | null>;
}

export function chartPoint(report: LagReport): ChartPoint {
  const s = report.stages;
  const throughput = Object.fromEntries(LAG_ROWS.map((name) => [name, s[name].throughput.value])) as Record<LagRowName, number | null>;
  return {
    at: report.asOf,
    status: report.status,
    slotLagBytes: s.slot.figures?.lagBytes ?? null,
    retainedWalBytes: s.slot.figures?.retainedWalBytes ?? null,
    resolveLag: s.kafka.figures?.lag ?? null,
    dirtyBacklog: s.dirty.figures?.group.lag ?? null,
    freshnessP99Ms: s.freshness.figures?.p99Ms ?? null,
    fanOutP99: s.routing.figures?.amplification.p99 ?? null,
    deadLetters: s.deadLetters.figures?.count ?? null,
    throughput,
  };
}
