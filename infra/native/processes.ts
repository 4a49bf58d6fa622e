// Supervision of the processes the launcher starts. Each runs in its own process group (detached), its PID
// and start time are recorded, and only those recorded groups are ever signalled: never by name.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { waitFor } from '../../lib/waitFor.js';
import { SECRET_NAMES } from './secrets.js';

/** The launcher's environment without its secrets: a child reads the ones it needs from the secrets file. */
const withoutSecrets = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(env).filter(([name]) => !SECRET_NAMES.includes(name)));

export interface ProcessRecord {
  pid: number;
  startTime: string;
  command: string;
}

export interface SpawnSpec {
  command: string;
  args: string[];
  env?: Record<string, string | undefined>;
  cwd?: string;
  uid?: number;
  gid?: number;
  logFile: string;
  pidFile: string;
}

/** The kernel's start time of a PID (field 22 of /proc/<pid>/stat): guards against a reused PID. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (afterName[0] === 'Z') return undefined; // a zombie is not running
    return afterName[19];
  } catch {
    return undefined;
  }
}

export function readRecord(pidFile: string): ProcessRecord | undefined {
  if (!existsSync(pidFile)) return undefined;
  try {
    return JSON.parse(readFileSync(pidFile, 'utf8')) as ProcessRecord;
  } catch {
    return undefined;
  }
}

export function isRunning(record: ProcessRecord | undefined): record is ProcessRecord {
  return record !== undefined && processStartTime(record.pid) === record.startTime;
}

export function spawnDetached(spec: SpawnSpec): ProcessRecord {
  mkdirSync(dirname(spec.logFile), { recursive: true });
  mkdirSync(dirname(spec.pidFile), { recursive: true });
  const out = openSync(spec.logFile, 'a');
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: { ...withoutSecrets(process.env), ...spec.env },
    detached: true,
    stdio: ['ignore', out, out],
    uid: spec.uid,
    gid: spec.gid,
  });
  closeSync(out);
  if (child.pid === undefined) throw new Error(`could not start ${spec.command}`);
  child.unref();
  const record = { pid: child.pid, startTime: processStartTime(child.pid) ?? '', command: `${spec.command} ${spec.args.join(' ')}` };
  writeFileSync(spec.pidFile, JSON.stringify(record));
  return record;
}

const signalGroup = (pid: number, signal: NodeJS.Signals): void => {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
};

/** Stops a recorded process group: SIGTERM, then SIGKILL after the grace period. */
export async function stopRecorded(pidFile: string, graceMs: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<boolean> {
  const record = readRecord(pidFile);
  if (!isRunning(record)) {
    rmSync(pidFile, { force: true });
    return false;
  }
  signalGroup(record.pid, signal);
  try {
    await waitFor(() => !isRunning(record), { timeoutMs: graceMs, intervalMs: 100 });
  } catch {
    signalGroup(record.pid, 'SIGKILL');
    await waitFor(() => !isRunning(record), { timeoutMs: 10_000, intervalMs: 100 });
  }
  rmSync(pidFile, { force: true });
  return true;
}

export function tailOf(file: string, lines = 20): string {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}
