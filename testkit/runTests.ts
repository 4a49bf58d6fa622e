// `npm test`: starts what the tests need (the real Postgres, Kafka, Connect + Debezium, Elasticsearch) as a stack
// of its own (testkit/testStack.ts: the development stack is never touched), runs every tier, then the fault
// matrix (chaos/: real kill -9, SIGSTOP and restarts of the whole running system, which is why it runs after
// jest and not beside other suites), and stops only what it started.
// Arguments go to jest only. CHAOS_ROWS=T01,T06 runs some rows; CHAOS_ROWS=none skips them, and only that does: a
// jest filter or flag never turns the fault rows off behind the user's back. Where a Docker engine answers, the stack
// runs in containers (./containers.ts); the fault matrix needs the native stack, so the run says so and fails unless
// CHAOS_ROWS=none says to skip it (SLUICE_TEST_STACK=native keeps the native launcher and runs every row).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readSecrets } from '../lib/secrets.js';
import { findSecrets } from './secretScan.js';
import { optionsFrom, printResults, runChaos } from '../chaos/run.js';
import { CONTAINERS, ensureStack, stopStarted } from './testStack.js';
import { useTestStack } from './testStackEnv.js';

const say = (line: string): void => console.log(`[stack] ${line}`);

async function main(): Promise<number> {
  useTestStack();
  const started = await ensureStack(say);
  try {
    const jest = spawnSync(process.execPath, ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '--runInBand', '--forceExit', ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    if (jest.status !== 0) return jest.status ?? 1;
    const rows = process.env['CHAOS_ROWS'] ?? '';
    if (rows === 'none') {
      say('CHAOS_ROWS=none: the fault matrix (chaos/) was skipped, as asked');
      return noSecretsInLogs();
    }
    if (started.includes(CONTAINERS)) {
      // The fault matrix kills and pauses the native launcher's processes; containers have none of those.
      say('the stack runs in containers, and the fault matrix (chaos/) needs the native one: run with SLUICE_TEST_STACK=native, or CHAOS_ROWS=none to skip it knowingly');
      return 1;
    }
    const code = await chaos(rows);
    return noSecretsInLogs() || code;
  } finally {
    if (started.length) {
      say(`stopping what this run started: ${started.join(', ')}`);
      await stopStarted(started, say);
    }
  }
}

/** After every tier and fault row: no value of the secrets file in any log of the stack (T40). */
function noSecretsInLogs(): number {
  const hits = findSecrets(resolve(process.env['SLUICE_HOME'] ?? '.infra', 'logs'), readSecrets(process.env));
  for (const hit of hits) console.error(`[secrets] ${hit.secret} appears in ${hit.file}`);
  say(hits.length ? `${hits.length} secret(s) found in the logs` : 'no secret of the secrets file appears in the logs');
  return hits.length ? 1 : 0;
}

async function chaos(rows: string): Promise<number> {
  const t0 = Date.now();
  const results = await runChaos(rows ? rows.split(',') : [], optionsFrom({ CHAOS_HOLD_MS: '10000', ...process.env }, (line) => console.log(`[chaos] ${line}`)));
  printResults(results);
  mkdirSync('test-artifacts', { recursive: true });
  writeFileSync('test-artifacts/chaos-report.json', JSON.stringify({ at: new Date().toISOString(), durationMs: Date.now() - t0, results }, null, 2));
  return results.every((r) => r.passed) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
