// `npm run chaos [rows...]`: every chosen row of the fault matrix against the running stack (started through the
// launcher if needed, stopped afterwards only if this run started it). Per row: a store's commands flow through
// the command API with a ledger of what was acknowledged, the fault is injected and healed, then the oracle
// checks convergence. A table per run, a JSON report in test-artifacts/, exit code 1 if any row fails.
import { mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import Table from 'cli-table3';
import { adoptSecrets } from '../lib/secrets.js';
import { createContext, allComponents, down } from '../infra/native/index.js';
import { createNemesis } from './nemesis.js';
import { createOracle, type Convergence } from './oracle.js';
import { rowsByIds, type Row } from './rows.js';
import { createWorkload, seedCatalogue, type WorkloadFigures } from './workload.js';

export interface RowResult extends WorkloadFigures, Convergence {
  row: string;
  injection: string;
  largestLag: number;
  /** Converged with nothing lost, no 500, verify clean, no dead letter. */
  ok: boolean;
  /** ok for a fault row; not ok for the control row. */
  passed: boolean;
}

export interface ChaosOptions {
  rate: number;
  holdMs: number;
  /** Load before the fault and after the heal. */
  settleMs: number;
  convergeTimeoutMs: number;
  commandUrl: string;
  commandKey: string;
  say: (line: string) => void;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runRow(row: Row, o: ChaosOptions): Promise<RowResult> {
  const nemesis = createNemesis(process.env, o.say);
  await nemesis.ensureAll();
  const client = { url: o.commandUrl, key: o.commandKey };
  const catalogue = await seedCatalogue(client, `${row.id}-${randomBytes(3).toString('hex')}`);
  const oracle = await createOracle();
  try {
    await oracle.baseline(o.convergeTimeoutMs);
    const workload = createWorkload(client, catalogue);
    const load = workload.run(o.rate);
    await pause(o.settleMs);
    oracle.watch();
    o.say(`${row.id}: ${row.injection}`);
    await row.fault(nemesis, o.holdMs);
    const healedAt = Date.now();
    o.say(`${row.id}: healed; load continues ${o.settleMs / 1000} s`);
    await pause(o.settleMs);
    await load.stop();
    const convergence = await oracle.converge(workload.ledger, healedAt, row.convergeTimeoutMs ?? o.convergeTimeoutMs);
    const result: RowResult = { row: row.id, injection: row.injection, ...workload.figures, ...convergence, largestLag: oracle.largestLag(), ok: false, passed: false };
    result.examples.push(...workload.serverErrors.slice(0, 3));
    result.ok = result.lost === 0 && result.serverErrors === 0 && result.missing + result.extra + result.stale === 0 && result.deadLettersAdded === 0 && result.convergedMs !== null && result.acknowledged > 0;
    result.passed = row.control ? !result.ok && result.lost > 0 : result.ok;
    return result;
  } finally {
    await oracle.close();
  }
}

export function printResults(results: readonly RowResult[]): void {
  const table = new Table({ head: ['row', 'injection', 'acknowledged', 'lost', '5xx', 'unavailable', 'dead letters', 'largest lag', 'converged in', 'verify (missing/extra/stale)', 'verdict'] });
  for (const r of results) {
    table.push([r.row, r.injection, r.acknowledged, r.lost, r.serverErrors, r.unavailable, r.deadLettersAdded, r.largestLag, r.convergedMs === null ? 'never' : `${(r.convergedMs / 1000).toFixed(1)} s`, `${r.missing}/${r.extra}/${r.stale}`, r.passed ? (r.ok ? 'ok' : 'loss seen (control)') : 'FAILED']);
  }
  console.log(table.toString());
  for (const r of results.filter((x) => !x.passed)) console.log(`${r.row}: ${r.examples.join('; ') || 'no acknowledged command'}`);
}

export async function runChaos(ids: readonly string[], o: ChaosOptions): Promise<RowResult[]> {
  const started = await createNemesis(process.env, o.say).ensureAll();
  adoptSecrets(process.env); // the stack's generated credentials, for the oracle's own connections
  const results: RowResult[] = [];
  try {
    for (const row of rowsByIds(ids)) {
      const result = await runRow(row, o);
      o.say(`${row.id}: ${result.passed ? 'passed' : 'FAILED'} (acknowledged ${result.acknowledged}, lost ${result.lost}, converged in ${result.convergedMs ?? 'never'} ms)`);
      results.push(result);
    }
  } finally {
    if (started.length > 0) {
      o.say(`stopping what this run started: ${started.join(', ')}`);
      await down(createContext(process.env, o.say), allComponents().filter((c) => started.includes(c.name)));
    }
  }
  return results;
}

export function optionsFrom(env: Record<string, string | undefined>, say: (line: string) => void): ChaosOptions {
  return {
    rate: Number(env['CHAOS_RATE'] ?? 20),
    holdMs: Number(env['CHAOS_HOLD_MS'] ?? 15_000),
    settleMs: Number(env['CHAOS_SETTLE_MS'] ?? 5_000),
    convergeTimeoutMs: Number(env['CHAOS_CONVERGE_TIMEOUT_MS'] ?? 180_000),
    commandUrl: env['CHAOS_COMMAND_URL'] ?? `http://127.0.0.1:${env['API_COMMAND_PORT'] ?? 8080}`,
    commandKey: env['CHAOS_COMMAND_KEY'] ?? 'dev-commands',
    say,
  };
}

if (process.argv[1]?.endsWith('chaos/run.ts')) {
  const say = (line: string) => console.log(`${new Date().toISOString().slice(11, 19)}  ${line}`);
  runChaos(process.argv.slice(2), optionsFrom(process.env, say))
    .then((results) => {
      printResults(results);
      mkdirSync('test-artifacts', { recursive: true });
      writeFileSync('test-artifacts/chaos-report.json', JSON.stringify({ at: new Date().toISOString(), results }, null, 2));
      process.exit(results.every((r) => r.passed) ? 0 : 1);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
