// `sluice cluster up | down | status [--json]`: the production topology on one machine (infra/native/cluster/):
// three Kafka nodes, two Connect workers, three Elasticsearch nodes, Postgres, two of each Sluice process behind a
// local balancer. Its own home (.infra/cluster) and ports (3xxxx), beside the development and test stacks.
import type { Command } from 'commander';
import type { Component } from '../infra/native/component.js';
import { down, status, up } from '../infra/native/index.js';
import { clusterDetails, clusterEnvFile, openCluster } from '../infra/native/cluster/index.js';
import { GENERATED } from '../infra/native/secrets.js';
import { refuseUnsafeProduction } from '../lib/production.js';
import { withSecrets } from '../lib/secrets.js';
import { printStatus } from './stackCommands.js';
import { checkCluster } from './clusterCheck.js';

const stamp = (): string => new Date().toISOString().slice(11, 19);
const say = (line: string): void => console.log(`${stamp()}  ${line}`);
const quiet = (): void => undefined;

/** The named nodes only (a fault drill restarts one), or all of them. */
function pick(components: Component[], names: string[]): Component[] {
  const unknown = names.filter((name) => !components.some((c) => c.name === name));
  if (unknown.length) throw new Error(`unknown node(s): ${unknown.join(', ')}; known: ${components.map((c) => c.name).join(', ')}`);
  return names.length ? components.filter((c) => names.includes(c.name)) : components;
}

export function registerClusterCommands(program: Command): void {
  const cluster = program.command('cluster').description('the replicated production topology on one machine (its own home and ports)');
  cluster
    .command('up')
    .description('start every node of the cluster not already running')
    .argument('[nodes...]', 'only these nodes (what they need must run)')
    .action(async (names: string[]) => {
      const began = Date.now();
      const { ctx, components, topology } = openCluster(process.env, say);
      refuseUnsafeProduction(withSecrets({ ...process.env, SLUICE_SECRETS_FILE: ctx.secretsFile }), {
        apiKeys: true,
        passwords: GENERATED.filter((name) => name.endsWith('_PASSWORD')),
      });
      const started = await up(ctx, pick(components, names));
      say(started.length ? `started ${started.join(', ')}` : 'everything was already running');
      say(`ready in ${((Date.now() - began) / 1000).toFixed(1)} s; settings for tools: ${clusterEnvFile(topology)} (API keys: ${ctx.secretsFile})`);
      printStatus(await status(ctx, components));
    });
  cluster
    .command('down')
    .description('stop every process the cluster started (and only those)')
    .argument('[nodes...]', 'only these nodes')
    .action(async (names: string[]) => {
      const { ctx, components } = openCluster(process.env, say);
      const stopped = await down(ctx, pick(components, names));
      say(stopped.length ? `stopped ${stopped.join(', ')}` : 'nothing was running');
    });
  cluster
    .command('check')
    .description('place an order through every command API instance and read it back with its position through every query API instance')
    .action(async () => {
      const { ctx, topology } = openCluster(process.env, quiet);
      if (!(await checkCluster(topology, ctx.secretsFile, say))) process.exitCode = 1;
    });
  cluster
    .command('status')
    .description('every node with its role and health')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const { ctx, components, topology } = openCluster(process.env, quiet);
      const processes = await status(ctx, components);
      const running = processes.some((p) => p.state === 'running');
      const details = running ? await clusterDetails(topology, ctx) : {};
      if (opts.json) console.log(JSON.stringify({ processes, ...details }, null, 2));
      else {
        printStatus(processes);
        for (const [part, view] of Object.entries(details)) console.log(`\n${part}: ${JSON.stringify(view, null, 2)}`);
      }
      if (processes.some((p) => p.state === 'crashed')) process.exitCode = 3;
    });
}
