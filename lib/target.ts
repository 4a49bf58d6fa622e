// SLUICE_TARGET=cluster points a tool (the sluice command, the fault suite, the benchmarks) at the replicated
// cluster instead of the development stack: the settings `sluice cluster up` wrote to <cluster home>/cluster.env
// (ports, SLUICE_HOME and so its secrets file, NODE_ENV) are laid over the environment before anything reads it.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseApiKeys, type Scope } from './apiKeys.js';
import { parseSecrets, readSecrets } from './secrets.js';

type Env = Record<string, string | undefined>;

/** The cluster's home: CLUSTER_HOME, by default beside the development stack's data. */
export const clusterHome = (env: Env): string => resolve(env['CLUSTER_HOME'] ?? '.infra/cluster');

export const clusterEnvFileOf = (env: Env): string => `${clusterHome(env)}/cluster.env`;

/** Lays the cluster's settings over `env` when SLUICE_TARGET=cluster; refuses when the cluster was never started. */
export function adoptTarget(env: Env = process.env): void {
  const target = env['SLUICE_TARGET'] ?? 'stack';
  if (target === 'stack') return;
  if (target !== 'cluster') throw new Error(`SLUICE_TARGET must be "stack" or "cluster", got "${target}"`);
  const file = clusterEnvFileOf(env);
  if (!existsSync(file)) throw new Error(`SLUICE_TARGET=cluster but ${file} does not exist: start the cluster with \`sluice cluster up\``);
  Object.assign(env, parseSecrets(readFileSync(file, 'utf8')));
  // The cluster runs in production mode with generated API keys (no development keys): the tools use those.
  const keys = [...parseApiKeys(readSecrets(env)['API_KEYS'] ?? '').keys];
  const keyOf = (scope: Scope): string | undefined => keys.find(([, scopes]) => scopes.has(scope))?.[0];
  for (const [name, scope] of [['API_OPS_KEY', 'ops'], ['CHAOS_COMMAND_KEY', 'commands'], ['CHAOS_QUERY_KEY', 'queries']] as const) env[name] ??= keyOf(scope);
}
