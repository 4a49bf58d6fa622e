// `sluice lag`: lag per pipeline stage as a table (or JSON), once or every few seconds. It asks the ops service
// (GET /ops/lag with the ops key) and, when that is not running, measures the same figures in-process.
// `sluice status --lag` appends the same table to the component status.
import type { Command } from 'commander';
import Table from 'cli-table3';
import { loadConfig } from '../lib/config.js';
import { createLogger } from '../lib/logger.js';
import { opsConfigSchema } from '../api/ops/config.js';
import { BUDGET_HEAD, budgetRows, LAG_HEAD, lagReasons, lagRows, partitionRows } from '../api/ops/lag/lagRows.js';
import type { LagReport } from '../api/ops/lag/lagReport.js';
import { createOpsRuntime, type OpsRuntime } from '../api/ops/main.js';
import { fromOpsService, opsUrl } from './opsService.js';

interface LagOptions {
  json?: boolean;
  watch?: boolean;
  interval: string;
  partitions?: boolean;
}

interface Source {
  label: string;
  fetch: () => Promise<LagReport>;
  close: () => Promise<void>;
}

// No rule between rows: seven stages read better as a compact block.
const compact = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

const fromService = (url: string): Promise<LagReport | undefined> => fromOpsService<LagReport>(url, '/ops/lag', { timeoutMs: 10_000 });

async function openSource(watch: boolean): Promise<{ source: Source; first: LagReport }> {
  const url = opsUrl();
  const first = await fromService(url);
  if (first) return { first, source: { label: `ops service at ${url}`, fetch: async () => (await fromService(url)) ?? Promise.reject(new Error(`the ops service at ${url} went away`)), close: async () => undefined } };
  const runtime: OpsRuntime = createOpsRuntime(loadConfig(opsConfigSchema, process.env), createLogger('sluice-lag', 'silent'));
  // Watching in-process keeps a history, so throughput and "last minute" freshness fill in after a few rounds.
  if (watch) runtime.monitor.start();
  const source = { label: 'computed in-process (ops service not running)', fetch: () => runtime.monitor.current(), close: () => runtime.close() };
  return { first: await source.fetch(), source };
}

export function printLag(report: LagReport, label: string, opts: { partitions?: boolean } = {}): void {
  const table = new Table({ head: LAG_HEAD, chars: compact, style: { head: [], border: [] } });
  table.push(...lagRows(report));
  console.log(`overall: ${report.status}   as of ${report.asOf}   (${label})`);
  console.log(table.toString());
  for (const reason of lagReasons(report)) console.log(`  - ${reason}`);
  const budget = budgetRows(report);
  if (budget.length > 0) {
    const window = report.stages.freshness.figures?.windowMs;
    const table = new Table({ head: BUDGET_HEAD, chars: compact, style: { head: [], border: [] } });
    table.push(...budget);
    console.log(`latency budget, ${window ? `last ${Math.round(window / 1000)} s` : 'since the projector started'}:`);
    console.log(table.toString());
  }
  if (opts.partitions) {
    const partitions = new Table({ head: ['group', 'topic', 'partition', 'committed', 'end', 'lag'], chars: compact, style: { head: [], border: [] } });
    partitions.push(...partitionRows(report));
    console.log(partitions.toString());
  }
}

async function runLag(opts: LagOptions): Promise<void> {
  const { source, first } = await openSource(opts.watch ?? false);
  const show = (report: LagReport) => (opts.json ? console.log(JSON.stringify(report, null, opts.watch ? 0 : 2)) : printLag(report, source.label, opts));
  try {
    show(first);
    process.exitCode = first.status === 'failing' ? 2 : 0;
    if (!opts.watch) return;
    const intervalMs = Math.max(500, Number(opts.interval) || 2000);
    let shown = first.asOf;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, intervalMs)); // a refresh period, not a wait for a condition
      const report = await source.fetch();
      if (report.asOf === shown) continue; // the service had nothing newer yet
      shown = report.asOf;
      if (!opts.json) process.stdout.write('\x1b[2J\x1b[H');
      show(report);
    }
  } finally {
    await source.close();
  }
}

export function registerLagCommands(program: Command): void {
  program
    .command('lag')
    .description('lag per pipeline stage: slot, connector, Kafka, dirty keys, Elasticsearch, freshness, dead letters (exit code 2 when failing)')
    .option('--json', 'machine-readable output (one JSON document per line with --watch)')
    .option('--watch', 'refresh until interrupted')
    .option('--interval <ms>', 'refresh period with --watch', '2000')
    .option('--partitions', 'also show consumer lag per topic and partition')
    .action(runLag);
  // `status` is registered by stackCommands.ts; --lag extends it from here without touching that file.
  const status = program.commands.find((c) => c.name() === 'status');
  status?.option('--lag', 'also show lag per pipeline stage').hook('postAction', async (command) => {
    if (!command.opts<{ lag?: boolean; json?: boolean }>().lag) return;
    const { source, first } = await openSource(false);
    await source.close();
    if (command.opts<{ json?: boolean }>().json) console.log(JSON.stringify(first, null, 2));
    else printLag(first, source.label);
  });
}
