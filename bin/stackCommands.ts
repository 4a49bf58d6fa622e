// `sluice up | down | status`: the native stack for machines without a Docker engine.
import type { Command } from 'commander';
import Table from 'cli-table3';
import { allComponents, createContext, down, infraComponents, status, up } from '../infra/native/index.js';
import type { Component } from '../infra/native/component.js';
import { GENERATED } from '../infra/native/secrets.js';
import { refuseUnsafeProduction } from '../lib/production.js';
import { withSecrets } from '../lib/secrets.js';
import type { ComponentStatus } from '../infra/native/stack.js';

const stamp = (): string => new Date().toISOString().slice(11, 19);
const say = (line: string): void => console.log(`${stamp()}  ${line}`);

function select(names: string[], withApps: boolean): Component[] {
  const pool = withApps || names.length ? allComponents() : infraComponents;
  if (!names.length) return pool;
  const unknown = names.filter((name) => !pool.some((c) => c.name === name));
  if (unknown.length) throw new Error(`unknown component(s): ${unknown.join(', ')}; known: ${pool.map((c) => c.name).join(', ')}`);
  const wanted = new Set<string>();
  const add = (name: string): void => {
    if (wanted.has(name)) return;
    wanted.add(name);
    pool.find((c) => c.name === name)?.after.forEach(add);
  };
  names.forEach(add);
  return pool.filter((c) => wanted.has(c.name));
}

const stateLabel = (s: ComponentStatus): string => (s.state === 'crashed' ? 'down (exited unexpectedly)' : s.state);

export function printStatus(statuses: ComponentStatus[]): void {
  const table = new Table({ head: ['component', 'state', 'pid', 'address'], style: { head: [], border: [] } });
  for (const s of statuses) table.push([s.name, stateLabel(s), s.pid ?? '', s.address]);
  console.log(table.toString());
  for (const s of statuses.filter((x) => x.state === 'crashed')) console.log(`\n${s.name} log (${s.logFile}):\n${s.logTail ?? ''}`);
}

export function registerStackCommands(program: Command): void {
  program
    .command('up')
    .description('start the stack (fetching Kafka, Connect, Debezium, Elasticsearch on first use); a no-op for what already runs')
    .argument('[components...]', 'only these components (and what they need)')
    .option('--apps', 'also start the Sluice processes (command API, projector, ...)')
    .action(async (names: string[], opts: { apps?: boolean }) => {
      const began = Date.now();
      const ctx = createContext(process.env, say);
      // NODE_ENV=production: refuse before starting anything when a credential of the stack is a development one
      // (the generated file completed, so what is left is what the environment or an old file set).
      refuseUnsafeProduction(withSecrets({ ...process.env, SLUICE_SECRETS_FILE: ctx.secretsFile }), {
        apiKeys: true,
        passwords: GENERATED.filter((name) => name.endsWith('_PASSWORD')),
      });
      const components = select(names, opts.apps ?? false);
      const started = await up(ctx, components);
      say(started.length ? `started ${started.join(', ')}` : 'everything was already running');
      say(`ready in ${((Date.now() - began) / 1000).toFixed(1)} s`);
      printStatus(await status(ctx, components));
    });
  program
    .command('down')
    .description('stop every process the launcher started (and only those)')
    .argument('[components...]', 'only these components')
    .action(async (names: string[]) => {
      const ctx = createContext(process.env, say);
      const components = names.length ? select(names, true).filter((c) => names.includes(c.name)) : allComponents();
      const stopped = await down(ctx, components);
      say(stopped.length ? `stopped ${stopped.join(', ')}` : 'nothing was running');
    });
  program
    .command('status')
    .description('each component with its state and address')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const ctx = createContext(process.env, say);
      const statuses = await status(ctx, allComponents());
      if (opts.json) console.log(JSON.stringify(statuses, null, 2));
      else printStatus(statuses);
      if (statuses.some((s) => s.state === 'crashed')) process.exitCode = 3;
    });
}
