// `npm run chaos [rows...]`: every chosen row of the fault matrix against the running stack (started through the
// launcher if needed, stopped afterwards only if this run started it). Per row: a store's commands flow through
// the command API with a ledger of what was acknowledged, the fault is injected and healed, load goes on until
// commands sent after the heal are acknowledged again, then the oracle judges. A control plants its failure once
// the pipeline settled, must be reported failing, and is undone. A table per run, a JSON report in
// test-artifacts/, exit code 1 if any row fails.
import { mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { adoptSecrets } from '../lib/secrets.js';
import { adoptTarget } from '../lib/target.js';
import { waitFor } from '../lib/waitFor.js';
import { createEsClient } from '../model/adapters/elasticsearch/client.js';
import { lifecycleSettingsFrom, loadProjectorConfig } from '../projector/operations.js';
import { createAdminPool } from '../testkit/pg.js';
import { createContext, allComponents, down } from '../infra/native/index.js';
import { createNemesis, type ComponentName, type Nemesis } from './nemesis.js';
import { createOracle } from './oracle.js';
import { printResults, type RowResult } from './report.js';

export { printResults, type RowResult };
import { rowsByIds, unprovenRows, type Row } from './rows.js';
import { createStoreVerifier } from './verifyAll.js';
import { examplesOf, failuresOf } from './verdict.js';
import { createWorkload, seedCatalogue } from './workload.js';

export interface ChaosOptions {
  rate: number;
  holdMs: number;
  /** Load before the fault and after the heal. */
  settleMs: number;
  convergeTimeoutMs: number;
  /** How long after the heal commands may go unacknowledged before the row fails. */
  resumeTimeoutMs: number;
  commandUrl: string;
  commandKey: string;
  say: (line: string) => void;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Processes not injected by the row whose PID changed (or that died) across it. */
function pidChanges(before: Record<string, number | undefined>, after: Record<string, number | undefined>, injected: readonly string[]): string[] {
  return Object.keys(before)
    .filter((name) => !injected.includes(name) && before[name] !== after[name])
    .map((name) => `${name} pid ${before[name] ?? 'none'} -> ${after[name] ?? 'none'}`);
}

function effectShown(row: Row, before: Record<string, number | undefined>, after: Record<string, number | undefined>, during: { largestLag: number; probeFailures: number; failedRequests: number; stopped: readonly string[] }): string {
  if (row.effect === 'restart') {
    const changed = row.injects.filter((name) => before[name] !== after[name]);
    return changed.length === row.injects.length ? changed.map((name) => `${name} pid ${before[name]} -> ${after[name] ?? 'none'}`).join(', ') : '';
  }
  if (row.effect === 'stall') {
    const seen = [...row.injects.filter((name) => during.stopped.includes(name)).map((name) => `${name} seen stopped (state T)`), during.largestLag > 0 && `lag grew to ${during.largestLag}`, during.probeFailures > 0 && `lag unreadable ${during.probeFailures}x`, during.failedRequests > 0 && `${during.failedRequests} requests failed`];
    return seen.filter(Boolean).join(', ');
  }
  return 'statement ran';
}

/** After a control: its damage undone, the pipeline drained and the whole store verifies clean again. */
async function cleanAgain(nemesis: Nemesis, undo: (() => Promise<void>) | undefined, row: Row, timeoutMs: number): Promise<string> {
  await undo?.();
  await row.control?.cleanup?.(nemesis);
  const verifier = createStoreVerifier();
  let last = '';
  const clean = await waitFor(async () => {
    const d = await verifier.verifyAll();
    last = [...d.missing, ...d.extra, ...d.stale].slice(0, 3).join('; ');
    return d.missing.length + d.extra.length + d.stale.length === 0;
  }, { timeoutMs, intervalMs: 1000, description: 'the store verifies clean after the control' }).then(() => true, () => false);
  return clean ? '' : `not clean after the control: ${last}`;
}

export async function runRow(row: Row, o: ChaosOptions, restartedBefore: readonly string[]): Promise<RowResult> {
  const nemesis = createNemesis(process.env, o.say);
  const client = { url: o.commandUrl, key: o.commandKey };
  const catalogue = await seedCatalogue(client, `${row.id}-${randomBytes(3).toString('hex')}`);
  const oracle = await createOracle();
  const timeoutMs = row.convergeTimeoutMs ?? o.convergeTimeoutMs;
  let undo: (() => Promise<void>) | undefined;
  let load: { stop: () => Promise<void> } | undefined;
  try {
    await oracle.baseline(o.convergeTimeoutMs);
    const workload = createWorkload(client, catalogue);
    load = workload.run(o.rate);
    await pause(o.settleMs);
    const pidsBefore = nemesis.pids();
    const failedBefore = workload.figures.unavailable + workload.figures.serverErrors;
    oracle.watch(workload.ledger);
    o.say(`${row.id}: ${row.injection}`);
    // A heal that fails (a restart not ready within the launcher's limit) fails the row, which is still judged.
    const faultError = await row.fault(nemesis, o.holdMs).then(
      () => undefined,
      (e: unknown) => (e instanceof Error ? e.message : String(e)),
    );
    const healedAt = Date.now();
    const during = { ...oracle.faultEnded(), failedRequests: workload.figures.unavailable + workload.figures.serverErrors - failedBefore, stopped: nemesis.seenStopped() };
    o.say(`${row.id}: healed; load continues ${o.settleMs / 1000} s and until commands are acknowledged again`);
    await pause(o.settleMs);
    const afterHeal = () => workload.ledger.filter((a) => a.sentAt >= healedAt).length;
    await waitFor(() => afterHeal() >= 10, { timeoutMs: o.resumeTimeoutMs, intervalMs: 250, description: 'acknowledgements after the heal' }).catch(() => undefined);
    await load.stop();
    const judged = { ledger: workload.ledger, unanswered: workload.unanswered, catalogue, healedAt, timeoutMs };
    if (row.control?.plant) {
      await oracle.settle({ ...judged, timeoutMs: o.convergeTimeoutMs });
      const s = lifecycleSettingsFrom(loadProjectorConfig(process.env), process.env);
      const es = createEsClient(s.es);
      const pg = createAdminPool();
      const plant = row.control.plant;
      undo = await plant({ es, pg, indexPrefix: s.indexPrefix, dlqTopic: s.dlqTopic, ledger: workload.ledger }).then((u) => async () => {
        try {
          await u();
        } finally {
          await es.close();
          await pg.end();
        }
      });
    }
    const findings = await oracle.judge(judged);
    const pidsAfter = nemesis.pids();
    const evidence = {
      acknowledgedAfterHeal: afterHeal(),
      pidChanges: [...restartedBefore.map((name) => `${name} was not running before the row`), ...pidChanges(pidsBefore, pidsAfter, row.injects)],
      effect: effectShown(row, pidsBefore, pidsAfter, during),
    };
    const failures = [...(faultError === undefined ? [] : (['heal'] as const)), ...failuresOf(findings, workload.figures, evidence)];
    const examples = [...(faultError === undefined ? [] : [`the injection or its heal failed: ${faultError}`]), ...examplesOf(findings, workload.serverErrors, evidence)];
    const result: RowResult = { row: row.id, injection: row.injection, ...workload.figures, ...findings, largestLag: oracle.largestLag(), ...evidence, failures, examples, passed: false };
    if (row.control) {
      const notClean = await cleanAgain(nemesis, undo, row, o.convergeTimeoutMs);
      undo = undefined;
      if (notClean) result.examples.push(notClean);
      result.expected = row.control.expect;
      const allowed = row.control.only ? [row.control.expect, ...row.control.only] : undefined;
      const unexpected = allowed ? failures.filter((f) => !allowed.includes(f)) : [];
      result.passed = failures.includes(row.control.expect) && notClean === '' && unexpected.length === 0;
    } else result.passed = failures.length === 0;
    return result;
  } finally {
    await load?.stop(); // a row that threw must not leave its load running into the next one
    await undo?.().catch(() => undefined);
    await oracle.close();
  }
}

export async function runChaos(ids: readonly string[], o: ChaosOptions): Promise<RowResult[]> {
  const started = await createNemesis(process.env, o.say).ensureAll();
  adoptSecrets(process.env); // the stack's generated credentials, for the oracle's own connections
  const results: RowResult[] = [];
  if (ids.length === 0 && unprovenRows().length > 0) o.say(`NOT in the default set (run them by name, or CHAOS_ROWS=all): ${unprovenRows().join('; ')}`);
  try {
    for (const row of rowsByIds(ids)) {
      // Anything found dead here died after the previous row was judged: this row reports it.
      const restarted = await createNemesis(process.env, o.say).ensureAll();
      const t0 = Date.now();
      const result = await runRow(row, o, restarted).catch((error: unknown): RowResult => ({ ...crashed(row, error), restartedBefore: restarted }) as RowResult);
      result.durationMs = Date.now() - t0;
      o.say(`${row.id}: ${result.passed ? 'passed' : 'FAILED'} (${result.failures.join(', ') || 'no failure'}${row.control ? `; planted ${row.control.expect}` : ''})`);
      results.push(result);
    }
  } finally {
    if (started.length > 0) {
      o.say(`stopping what this run started: ${started.join(', ')}`);
      await down(createContext(process.env, o.say), allComponents().filter((c) => started.includes(c.name as ComponentName)));
    }
  }
  return results;
}

function crashed(row: Row, error: unknown): Partial<RowResult> {
  return { row: row.id, injection: row.injection, failures: ['oracle-error'], examples: [error instanceof Error ? error.message : String(error)], passed: false };
}

export function optionsFrom(env: Record<string, string | undefined>, say: (line: string) => void): ChaosOptions {
  return {
    rate: Number(env['CHAOS_RATE'] ?? 20),
    holdMs: Number(env['CHAOS_HOLD_MS'] ?? 15_000),
    settleMs: Number(env['CHAOS_SETTLE_MS'] ?? 5_000),
    convergeTimeoutMs: Number(env['CHAOS_CONVERGE_TIMEOUT_MS'] ?? 180_000),
    resumeTimeoutMs: Number(env['CHAOS_RESUME_TIMEOUT_MS'] ?? 60_000),
    commandUrl: env['CHAOS_COMMAND_URL'] ?? `http://127.0.0.1:${env['API_COMMAND_PORT'] ?? 8080}`,
    commandKey: env['CHAOS_COMMAND_KEY'] ?? 'dev-commands',
    say,
  };
}

if (process.argv[1]?.endsWith('chaos/run.ts')) {
  adoptTarget(process.env); // SLUICE_TARGET=cluster: the cluster's ports, home and keys (the node-fault rows need it)
  const say = (line: string) => console.log(`${new Date().toISOString().slice(11, 19)}  ${line}`);
  const t0 = Date.now();
  const ids = process.argv.length > 2 ? process.argv.slice(2) : (process.env['CHAOS_ROWS'] ?? '').split(',').filter(Boolean);
  runChaos(ids, optionsFrom(process.env, say))
    .then((results) => {
      printResults(results);
      mkdirSync('test-artifacts', { recursive: true });
      writeFileSync('test-artifacts/chaos-report.json', JSON.stringify({ at: new Date().toISOString(), durationMs: Date.now() - t0, results }, null, 2));
      process.exit(results.every((r) => r.passed) ? 0 : 1);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
