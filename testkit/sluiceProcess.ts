// Starts one of Sluice's processes (api/command/main.ts, projector/main.ts...) as its own Node process through tsx,
// as the launcher does in development, with exactly the environment given: for tests of what a process does at
// start-up (refusing a setting, binding an interface) and under load (its memory, measured from /proc).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { waitFor } from '../lib/waitFor.js';

export interface SluiceProcess {
  child: ChildProcess;
  /** stdout and stderr so far. */
  output: () => string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
  /** Waits until GET <url>/health answers 200; fails early, with the output, when the process exits. */
  healthy: (url: string, timeoutMs?: number) => Promise<void>;
  /** The same for another probe (`/ready`: also wait for the process's dependencies). */
  answers: (url: string, path: string, timeoutMs?: number) => Promise<void>;
  /** Resident set size in bytes (Linux /proc). */
  rss: () => number;
  stop: () => Promise<void>;
}

export function startSluiceProcess(entry: string, env: Record<string, string | undefined>, args: readonly string[] = []): SluiceProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  let code: number | string | undefined;
  const exited = new Promise<number | string>((resolve) => child.once('exit', (c, signal) => resolve((code = c ?? signal ?? 'unknown'))));
  const answers = async (url: string, path: string, timeoutMs = 60_000): Promise<void> => {
    const up = waitFor(async () => (await fetch(`${url}${path}`).catch(() => undefined))?.ok, { timeoutMs, intervalMs: 200, description: `${entry} answers ${path} at ${url}` });
    const died = exited.then((c) => Promise.reject(new Error(`${entry} exited (${c}) before it answered ${path}:\n${out}`)));
    await Promise.race([up, died]);
  };
  return {
    child,
    output: () => out,
    exited,
    healthy: (url, timeoutMs) => answers(url, '/health', timeoutMs),
    answers,
    rss: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024,
    stop: async () => {
      if (code === undefined) child.kill('SIGTERM');
      await exited;
    },
  };
}
