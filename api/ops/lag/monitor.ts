// The background loop: collect every few seconds, keep a short history (for "last minute" figures, throughput
// and the console's charts), and log one line whenever a stage's status changes.
import type { Logger } from '../../../lib/logger.js';
import { createHistory } from './history.js';
import type { LagReport } from './lagReport.js';
import type { Sample } from './sample.js';
import { buildReport, type ReportOptions } from './report.js';
import { chartPoint, statusChanges, type ChartPoint } from './statusChanges.js';

export interface MonitorOptions {
  collect: () => Promise<Sample>;
  report: ReportOptions;
  logger: Logger;
  intervalMs: number;
  historySize: number;
}

export interface Monitor {
  start(): void;
  stop(): Promise<void>;
  /** The newest report, collecting one first when none is recent enough. */
  current(): Promise<LagReport>;
  points(): ChartPoint[];
  collections(): number;
}

export function createMonitor(o: MonitorOptions): Monitor {
  const history = createHistory(o.historySize);
  const points: ChartPoint[] = [];
  let latest: { report: LagReport; at: number } | undefined;
  let inFlight: Promise<LagReport> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let count = 0;

  const tick = async (): Promise<LagReport> => {
    const sample = await o.collect();
    const report = buildReport(sample, history.samples(), o.report);
    history.push(sample);
    for (const change of statusChanges(latest?.report, report)) {
      const level = change.to === 'ok' ? 'info' : 'warn';
      o.logger[level](change, `${change.stage} ${change.from} -> ${change.to}`);
    }
    latest = { report, at: sample.at };
    points.push(chartPoint(report));
    if (points.length > o.historySize) points.splice(0, points.length - o.historySize);
    count++;
    return report;
  };
  // Concurrent callers share one collection instead of stampeding the dependencies.
  const collectOnce = (): Promise<LagReport> => (inFlight ??= tick().finally(() => (inFlight = undefined)));
  const failed = (error: unknown): void => o.logger.error({ err: error }, 'collection failed');
  let running = false;
  const loop = (): void => {
    if (!running) return;
    timer = setTimeout(() => void collectOnce().catch(failed).finally(loop), o.intervalMs);
  };

  return {
    start() {
      if (running) return;
      running = true;
      void collectOnce().catch(failed).finally(loop);
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await inFlight?.catch(() => undefined);
    },
    async current() {
      const fresh = latest && Date.now() - latest.at < o.intervalMs * 2;
      return fresh && latest ? latest.report : collectOnce();
    },
    points: () => [...points],
    collections: () => count,
  };
}
