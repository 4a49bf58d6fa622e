// `npm test`: starts what the tests need (the real Postgres, Kafka, Connect + Debezium, Elasticsearch),
// runs every tier, and stops only what it started, pass or fail.
import { spawnSync } from 'node:child_process';
import { ensureStack, stopStarted } from './stack.js';

const say = (line: string): void => console.log(`[stack] ${line}`);

async function main(): Promise<number> {
  const started = await ensureStack(say);
  try {
    const jest = spawnSync(process.execPath, ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '--runInBand', '--forceExit', ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    return jest.status ?? 1;
  } finally {
    if (started.length) {
      say(`stopping what this run started: ${started.join(', ')}`);
      await stopStarted(started, say);
    }
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
