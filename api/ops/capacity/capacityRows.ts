// The capacity report as table rows for people (`sluice capacity`): one row per projection. Pure: the command
// decides how to draw them.
import type { CapacityReport } from './capacity.js';
import { bytes, count } from '../lag/lagRows.js';

export const CAPACITY_HEAD = ['projection', 'index', 'docs', 'ES bytes (primary / total)', 'bytes/doc', 'Postgres bytes', 'rebuild expected', 'from'];

/** 42 s, 3.5 min, 2.1 h: a duration as an operator plans with it. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '-';
  if (seconds < 90) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  if (seconds < 5400) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export function capacityRows(report: CapacityReport): string[][] {
  return report.projections.map((p) => [
    p.projection,
    p.index ?? '(no index)',
    count(p.docs),
    p.primaryBytes === null ? '-' : `${bytes(p.primaryBytes)} / ${bytes(p.totalBytes)}`,
    p.bytesPerDoc === null ? '-' : bytes(p.bytesPerDoc),
    p.postgresTables.length === 0 ? bytes(p.postgresBytes) : `${bytes(p.postgresBytes)} (${p.postgresTables.map((t) => t.table).join(', ')})`,
    duration(p.rebuild.expectedSeconds),
    p.rebuild.note,
  ]);
}

/** The lines under the table: the catch-up figure with its source, and whatever could not be measured. */
export function capacityNotes(report: CapacityReport): string[] {
  const c = report.catchUp;
  const catchUp =
    c.docsPerSecond === null
      ? `catch-up throughput: ${c.source}`
      : `catch-up throughput: ${count(c.docsPerSecond)} docs/s, ${count(c.recordsPerSecond)} CDC records/s at ${c.observedAt} with ${count(c.behind)} behind (${c.source})`;
  return [catchUp, ...report.projections.flatMap((p) => p.unavailable.map((u) => `${p.projection}: ${u}`))];
}
