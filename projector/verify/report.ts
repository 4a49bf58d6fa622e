// What verify found, in bounded memory: exact counts of missing, extra and stale documents, and the first
// `limit` ids of each (with the differing field paths of a stale one) for the report and for repair.
export interface StaleDoc {
  id: string;
  paths: string[];
}

export interface VerifyCounts {
  missing: number;
  extra: number;
  stale: number;
}

export interface VerifyReport {
  projection: string;
  checked: number;
  /** The first `limit` ids of each kind (VerifyOptions.listLimit); `counts` has how many there are. */
  missing: string[];
  extra: string[];
  stale: StaleDoc[];
  counts: VerifyCounts;
  repaired: number;
}

/** Where a running verify is: roots checked out of the snapshot's total, and what it found so far. */
export interface VerifyProgress extends VerifyCounts {
  projection: string;
  checked: number;
  total: number;
}

/** Enough ids to repair or to show, few enough (three lists of 10,000 short strings) to stay a few MB. */
export const LIST_LIMIT = 10_000;

export const emptyReport = (projection: string): VerifyReport => ({ projection, checked: 0, missing: [], extra: [], stale: [], counts: { missing: 0, extra: 0, stale: 0 }, repaired: 0 });

/** The listed ids that differ, every kind (what a re-check or a repair works on). */
export const differing = (report: VerifyReport): string[] => [...report.missing, ...report.extra, ...report.stale.map((s) => s.id)];

export const differences = (report: VerifyReport): number => report.counts.missing + report.counts.extra + report.counts.stale;

export interface Tally {
  checked(): void;
  missing(id: string): void;
  extra(id: string): void;
  stale(id: string, paths: string[]): void;
  progress(total: number): VerifyProgress;
  report(): VerifyReport;
}

export function createTally(projection: string, limit = LIST_LIMIT): Tally {
  const report = emptyReport(projection);
  return {
    checked: () => void (report.checked += 1),
    missing(id) {
      if (report.counts.missing++ < limit) report.missing.push(id);
    },
    extra(id) {
      if (report.counts.extra++ < limit) report.extra.push(id);
    },
    stale(id, paths) {
      if (report.counts.stale++ < limit) report.stale.push({ id, paths });
    },
    progress: (total) => ({ projection, checked: report.checked, total, ...report.counts }),
    report: () => report,
  };
}

/**
 * `before` with its listed ids re-checked (`after`, a verdict on exactly those ids): what was listed takes the new
 * verdict, what was past the list limit keeps its count.
 */
export function withRechecked(before: VerifyReport, after: VerifyReport): VerifyReport {
  const beyond = (kind: keyof VerifyCounts): number => before.counts[kind] - before[kind].length;
  return {
    ...before,
    missing: after.missing,
    extra: after.extra,
    stale: after.stale,
    counts: { missing: beyond('missing') + after.missing.length, extra: beyond('extra') + after.extra.length, stale: beyond('stale') + after.stale.length },
  };
}
