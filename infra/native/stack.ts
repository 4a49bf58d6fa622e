// Brings the native stack up (in dependency order, in parallel where possible), down (only the process
// groups it recorded), and reports its status.
import { existsSync } from 'node:fs';
import type { Component } from './component.js';
import type { StackContext } from './context.js';
import { isRunning, readRecord, spawnDetached, stopRecorded, tailOf } from './processes.js';
import { waitFor } from '../../lib/waitFor.js';

export type ComponentState = 'running' | 'starting' | 'stopped' | 'crashed';

export interface ComponentStatus {
  name: string;
  state: ComponentState;
  pid: number | undefined;
  address: string;
  logFile: string;
  logTail?: string;
}

export class ComponentFailedError extends Error {
  constructor(readonly component: string, reason: string, readonly logTail: string) {
    super(`${component} ${reason}. Last lines of its log:\n${logTail}`);
  }
}

async function waitReady(ctx: StackContext, component: Component, pidFile: string): Promise<void> {
  const record = readRecord(pidFile);
  const outcome = await waitFor(
    async () => {
      if (!isRunning(record)) return 'exited' as const;
      return (await component.ready(ctx)) && ('ready' as const);
    },
    { timeoutMs: component.readyTimeoutMs, intervalMs: 500, description: `${component.name} to become ready` },
  ).catch(() => 'timed out' as const);
  const logTail = (): string => tailOf(ctx.layout.log(component.name));
  if (outcome === 'exited') throw new ComponentFailedError(component.name, 'exited during start-up', logTail());
  if (outcome === 'timed out') throw new ComponentFailedError(component.name, `was not ready within ${component.readyTimeoutMs / 1000} s`, logTail());
}

async function startOne(ctx: StackContext, component: Component): Promise<'started' | 'already running'> {
  const pidFile = ctx.layout.pidFile(component.name);
  const began = Date.now();
  let outcome: 'started' | 'already running' = 'already running';
  if (!isRunning(readRecord(pidFile))) {
    // Something already answers where this component would listen: another stack (another SLUICE_HOME, such as a
    // second clone's test stack) or another program. Starting anyway would fail to bind and still look ready,
    // because the other process answers; so say so instead of running against somebody else's data.
    if (await component.ready(ctx).catch(() => false)) {
      throw new ComponentFailedError(component.name, `is not running from ${ctx.layout.home}, yet ${component.address(ctx)} already answers: another stack or program holds it; stop that or choose other ports`, '');
    }
    ctx.say(`${component.name}: preparing`);
    await component.prepare(ctx);
    const spec = component.spawn(ctx);
    spawnDetached({ ...spec, env: { SLUICE_SECRETS_FILE: ctx.secretsFile, ...spec.env }, logFile: ctx.layout.log(component.name), pidFile });
    ctx.say(`${component.name}: started, waiting until ready`);
    outcome = 'started';
  }
  await waitReady(ctx, component, pidFile);
  try {
    await component.afterReady?.(ctx);
  } catch (error) {
    // A component that was already running stays up: what was asked for still starts, and the problem is said
    // (for Connect: a connector an outage left stuck, which the ops service also restarts on its own).
    if (outcome === 'started') throw error;
    ctx.say(`${component.name}: running, but unhealthy: ${(error as Error).message}`);
  }
  if (outcome === 'started') ctx.say(`${component.name}: ready at ${component.address(ctx)} (${((Date.now() - began) / 1000).toFixed(1)} s)`);
  return outcome;
}

/** Starts every component not already running; returns the names of those it started. */
export async function up(ctx: StackContext, components: Component[]): Promise<string[]> {
  const byName = new Map(components.map((c) => [c.name, c]));
  const pending = new Map<string, Promise<'started' | 'already running'>>();
  const launch = (component: Component): Promise<'started' | 'already running'> => {
    const existing = pending.get(component.name);
    if (existing) return existing;
    const deps = component.after.flatMap((name) => {
      const dep = byName.get(name);
      return dep ? [launch(dep)] : [];
    });
    const promise = Promise.all(deps).then(() => startOne(ctx, component));
    pending.set(component.name, promise);
    return promise;
  };
  // Settle everything before reporting, so one failure does not leave the others starting unobserved.
  const settled = await Promise.allSettled(components.map(async (c) => [c.name, await launch(c)] as const));
  const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as Error] : []));
  const [only, ...more] = failures;
  if (only && more.length === 0) throw only;
  if (only) throw new Error(failures.map((f) => f.message).join('\n\n'));
  return settled.flatMap((s) => (s.status === 'fulfilled' && s.value[1] === 'started' ? [s.value[0]] : []));
}

/** Stops components in reverse dependency order; returns the names of those it stopped. */
export async function down(ctx: StackContext, components: Component[]): Promise<string[]> {
  const stopped: string[] = [];
  for (const component of [...components].reverse()) {
    if (await stopRecorded(ctx.layout.pidFile(component.name), 30_000, component.stopSignal)) stopped.push(component.name);
  }
  return stopped;
}

export async function status(ctx: StackContext, components: Component[]): Promise<ComponentStatus[]> {
  return Promise.all(
    components.map(async (component): Promise<ComponentStatus> => {
      const pidFile = ctx.layout.pidFile(component.name);
      const record = readRecord(pidFile);
      const logFile = ctx.layout.log(component.name);
      const base = { name: component.name, address: component.address(ctx), logFile, pid: record?.pid };
      if (isRunning(record)) return { ...base, state: (await component.ready(ctx)) ? 'running' : 'starting' };
      if (existsSync(pidFile)) return { ...base, state: 'crashed', logTail: tailOf(logFile, 8) };
      return { ...base, state: 'stopped', pid: undefined };
    }),
  );
}
