// The last step of `sluice apply`: restarting the Sluice processes that read the registry at start-up, through the
// native launcher of this SLUICE_HOME. What it cannot restart it returns, so apply never says `applied` with a restart
// left undone (run.ts).
import { appComponents } from '../../infra/native/components/apps.js';
import { createContext, down, status, up } from '../../infra/native/index.js';
import type { AppName } from './plan.js';

export interface RestartOptions {
  env: Record<string, string | undefined>;
  say: (line: string) => void;
  /** Off: print the order for the operator instead. */
  restart: boolean;
}

/**
 * Restarts the named Sluice processes the native launcher runs, in order, and returns those it could not restart.
 * A checkout whose SLUICE_HOME is not the running stack's sees no process of its own: that is refused by name, never
 * reported as applied.
 */
export async function restartApps(names: readonly AppName[], o: RestartOptions): Promise<AppName[]> {
  const order = `restart, in this order: ${names.join(', then ')} (the projector subscribes to new topics and creates new indexes; the query API and the ops service read the registry when they start)`;
  if (!o.restart) {
    o.say(`   ${order}`);
    return [];
  }
  let ctx: ReturnType<typeof createContext>;
  try {
    ctx = createContext(o.env, o.say);
  } catch (error) {
    o.say(`   cannot reach the native launcher's stack: ${(error as Error).message}`);
    return [...names];
  }
  const components = appComponents().filter((c) => names.includes(c.name as AppName));
  const running = new Set((await status(ctx, components)).filter((s) => s.state === 'running' || s.state === 'starting').map((s) => s.name));
  const undone: AppName[] = [];
  for (const name of names) {
    const component = components.find((c) => c.name === name);
    if (!component || !running.has(name)) {
      undone.push(name);
      continue;
    }
    o.say(`   restarting ${name}`);
    await down(ctx, [component]);
    await up(ctx, [component]);
  }
  if (undone.length > 0) {
    o.say(`   not running under SLUICE_HOME=${ctx.layout.home}: ${undone.join(', ')}`);
    o.say('   set SLUICE_HOME to the running stack\'s home and apply again, or restart them yourself and pass --no-restart');
  }
  return undone;
}

