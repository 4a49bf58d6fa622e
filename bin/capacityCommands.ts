// `sluice capacity`: per projection, its index size next to the Postgres bytes it is built from, the rebuild time
// to expect at the last measured rate, and the catch-up throughput. Asks the ops service (GET /ops/capacity, whose
// history holds the catch-up figure) and, when that is not running, measures the sizes in-process.
import type { Command } from 'commander';
import Table from 'cli-table3';
import { loadConfig } from '../lib/config.js';
import { createLogger } from '../lib/logger.js';
import { opsConfigSchema } from '../api/ops/config.js';
import type { CapacityReport } from '../api/ops/capacity.js';
import { CAPACITY_HEAD, capacityNotes, capacityRows } from '../api/ops/capacityRows.js';
import { createOpsRuntime } from '../api/ops/wiring.js';

const opsUrl = (): string => (process.env['OPS_URL'] ?? `http://127.0.0.1:${process.env['API_OPS_PORT'] ?? 8082}`).replace(/\/$/, '');

async function fromService(url: string): Promise<CapacityReport | undefined> {
  let response: Response;
  try {
    response = await fetch(`${url}/ops/capacity`, { headers: { authorization: `Bearer ${process.env['API_OPS_KEY'] ?? 'dev-ops'}` }, signal: AbortSignal.timeout(15_000) });
  } catch {
    return undefined; // not running: measure in-process instead
  }
  if (response.status === 401 || response.status === 403) throw new Error(`the ops service at ${url} refused API_OPS_KEY (HTTP ${response.status}): set API_OPS_KEY to a key with the ops scope`);
  // An ops service older than this route: measure in-process rather than fail.
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`the ops service at ${url} answered HTTP ${response.status}`);
  return (await response.json()) as CapacityReport;
}

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
