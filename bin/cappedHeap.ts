// `sluice verify` of a table-built projection runs in a child process with a small young generation. What verify
// keeps alive is small (a page of each side, about 30 MB of heap), but V8 sizes the young generation from the heap
// limit it derives from the machine's memory: on a 24 GB host it let new space grow to 128 MB of short-lived page
// garbage, and the process passed 300 MB over a million documents (docs/rebuild.md, "Verify at scale"). V8 reads
// these sizes only when the process starts (v8.setFlagsFromString does not resize a running heap), hence the child.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { isEventBuilt, readModels } from '../model/registry.js';

/**
 * 2 MB semi-spaces keep the young generation at a few MB, which also made verify faster (it fits the caches); the
 * old-generation ceiling is four times what verify keeps, so a regression that accumulates fails here, loudly,
 * instead of growing on an operator's host.
 */
export const VERIFY_HEAP_FLAGS: readonly string[] = ['--max-semi-space-size=2', '--max-old-space-size=128'];

/**
 * `sluice verify <table-built>`: what runs with the capped heap. An event-built verify folds its topics into memory
 * (projector/events/verifyEventBuilt.ts), which a ceiling sized for streaming would not fit, so it stays as it is.
 */
export function isStreamingVerify(args: readonly string[]): boolean {
  const [command, name] = args;
  return command === 'verify' && readModels.some((m) => m.name === name && !isEventBuilt(m));
}

/**
 * Node arguments for the child, or undefined when the command is not a streaming verify or this process already
 * runs with a young generation chosen (it is the child, or the operator chose one).
 */
export function cappedArgs(execArgv: readonly string[], argv: readonly string[], nodeOptions = ''): string[] | undefined {
  const chosen = [...execArgv, ...nodeOptions.split(/\s+/)].some((arg) => arg.startsWith('--max-semi-space-size'));
  return chosen || !isStreamingVerify(argv.slice(2)) ? undefined : [...execArgv, ...VERIFY_HEAP_FLAGS, ...argv.slice(1)];
}

/**
 * Runs this very command again in a child with VERIFY_HEAP_FLAGS and resolves to its exit code, or to undefined
 * when it runs here (see cappedArgs). The child shares the terminal; a signal sent to
 * this process alone is passed on, so the child always decides how the run ends.
 */
export async function rerunWithCappedHeap(): Promise<number | undefined> {
  const args = cappedArgs(process.execArgv, process.argv, process.env['NODE_OPTIONS']);
  if (!args) return undefined;
  const child = spawn(process.execPath, args, { stdio: 'inherit' });
  const pass = (signal: NodeJS.Signals): void => void child.kill(signal);
  process.on('SIGINT', pass).on('SIGTERM', pass);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
    });
  } finally {
    process.off('SIGINT', pass).off('SIGTERM', pass);
  }
}
