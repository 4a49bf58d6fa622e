// `sluice capacity`: per projection, its index size next to the Postgres bytes it is built from, the rebuild time
// to expect at the last measured rate, and the catch-up throughput. Asks the ops service (GET /ops/capacity, whose
// history holds the catch-up figure) and, when that is not running, measures the sizes in-process.
import type { Command } from 'commander';
import Table from 'cli-table3';
import { loadConfig } from '../lib/config.js';
import { createLogger } from '../lib/logger.js';
import { opsConfigSchema } from '../api/ops/config.js';
import type { CapacityReport } from '../api/ops/capacity/capacity.js';
import { CAPACITY_HEAD, capacityNotes, capacityRows } from '../api/ops/capacity/capacityRows.js';
import { createOpsRuntime } from '../api/ops/main.js';
import { fromOpsService, opsUrl } from './opsService.js';

const fromService = (url: string): Promise<CapacityReport | undefined> =>
  // An ops service older than this route: measure in-process rather than fail.
  fromOpsService<CapacityReport>(url, '/ops/capacity', { timeoutMs: 15_000, absentOn404: true });

async function measure(): Promise<{ report: CapacityReport; label: string }> {
  const url = opsUrl();
  const served = await fromService(url);
  if (served) return { report: served, label: `ops service at ${url}` };
  const runtime = createOpsRuntime(loadConfig(opsConfigSchema, process.env), createLogger('sluice-capacity', 'silent'));
  try {
    return { report: await runtime.capacity(), label: 'computed in-process (ops service not running: no history, so no catch-up figure)' };
  } finally {
    await runtime.close();
  }
}

export function printCapacity(report: CapacityReport, label: string): void {
  const table = new Table({ head: CAPACITY_HEAD, style: { head: [], border: [] }, wordWrap: true, colWidths: [null, null, null, null, null, 36, null, 44] });
  table.push(...capacityRows(report));
  console.log(`capacity as of ${report.asOf}   (${label})`);
  console.log(table.toString());
  for (const note of capacityNotes(report)) console.log(`  - ${note}`);
}

export function registerCapacityCommands(program: Command): void {
  program
    .command('capacity')
    .description('per projection: documents, index bytes, bytes per document, Postgres bytes, expected rebuild time; and catch-up throughput')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const { report, label } = await measure();
      if (opts.json) console.log(JSON.stringify(report, null, 2));
      else printCapacity(report, label);
    });
}
