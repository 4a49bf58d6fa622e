// What `sluice verify` prints: the report on stdout (a line per kind, the first ids of each), its progress on stderr.
import type { VerifyProgress, VerifyReport } from '../projector/operations.js';

/** Resident memory now and at its peak, shown with the progress: it must stay flat however many roots are checked. */
const memory = (): string => `rss ${Math.round(process.memoryUsage.rss() / 1048576)} MB (peak ${Math.round(process.resourceUsage().maxRSS / 1024)} MB)`;
const stamp = (): string => new Date().toISOString().slice(11, 19);
export const say = (line: string): void => console.log(`${stamp()}  ${line}`);

export function printVerify(report: VerifyReport): void {
  say(`${report.projection}: checked ${report.checked}, missing ${report.counts.missing}, extra ${report.counts.extra}, stale ${report.counts.stale}, repaired ${report.repaired}`);
  for (const id of report.missing.slice(0, 20)) say(`  missing ${id}`);
  for (const id of report.extra.slice(0, 20)) say(`  extra   ${id}`);
  for (const s of report.stale.slice(0, 20)) say(`  stale   ${s.id}: ${s.paths.join(', ')}`);
}

/** Verify's progress on stderr (stdout keeps the report), a line every few seconds: it also reads well in a log. */
export function verifyProgress(everyMs = 5000): (p: VerifyProgress) => void {
  const began = Date.now();
  let shown = 0;
  return (p) => {
    const now = Date.now();
    if (now - shown < everyMs && p.checked < p.total) return;
    shown = now;
    const rate = Math.round(p.checked / Math.max(0.001, (now - began) / 1000));
    const percent = p.total > 0 ? Math.floor((100 * p.checked) / p.total) : 100;
    console.error(`${stamp()}  verify ${p.projection}: ${p.checked}/${p.total} (${percent}%), ${rate} docs/s, missing ${p.missing}, extra ${p.extra}, stale ${p.stale}, ${memory()}`);
  };
}
