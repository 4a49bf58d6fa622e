// `sluice apply`: brings a running system to the schema and projections in this tree (bin/apply/run.ts,
// ADDING_A_PROJECTION.md). Endpoints and credentials come from the same variables as `sluice setup`.
import type { Command } from 'commander';
import { runApply } from './apply/run.js';

export function registerApplyCommand(program: Command): void {
  program
    .command('apply')
    .description('apply schema and projection changes to a running system: migrations, publication, connector, backfill, restarts')
    .option('--no-restart', 'print the restart order instead of restarting the Sluice processes the native launcher runs')
    .option('--snapshot-timeout <seconds>', 'how long one table backfill may take', '600')
    .option('--skip-backfill', 'test-only: capture new tables without backfilling their existing rows')
    .action(async (opts: { restart: boolean; snapshotTimeout: string; skipBackfill?: boolean }) => {
      const { undone } = await runApply({
        env: process.env,
        say: (line) => console.log(line),
        restart: opts.restart,
        snapshotTimeoutMs: Number(opts.snapshotTimeout) * 1000,
        skipBackfill: opts.skipBackfill ?? false,
      });
      // Work left undone is a failure a script can see, not a line to spot in the output.
      if (undone.length > 0) process.exitCode = 3;
    });
}
