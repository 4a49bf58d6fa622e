// Sluice's own processes, supervised like the infrastructure. Only those whose entry point exists are
// started, so the stack grows with the code base.
//
// How each one runs: in development, the TypeScript source through tsx (no build step); compiled JavaScript from
// dist/ (`npm run build`) when the launcher itself runs compiled (the installed `sluice` command) or when
// NODE_ENV=production and a build exists. NODE_ENV=production without a build falls back to tsx, and says so.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Component } from '../component.js';
import { httpOk } from '../component.js';
import type { StackContext } from '../context.js';
import { chownTree, ensureTraversable } from '../runAs.js';
import { PROCESS_SECRETS, type SluiceProcess } from '../../../lib/processSecrets.js';
import { launcherEsCaFile, withSecrets } from '../../../lib/secrets.js';

export interface AppSpec {
  name: SluiceProcess;
  entry: string;
  portVariable: string;
  defaultPort: number;
  after: string[];
}

/** Where the code lives: the package root (sources, cwd of the processes) and the compiled tree. */
export interface CodeLocation {
  packageRoot: string;
  distRoot: string;
  /** True when this file is itself compiled JavaScript (running from dist/). */
  compiled: boolean;
}

const here = fileURLToPath(new URL('../../../', import.meta.url)); // the source root, or dist/ when compiled
const compiled = import.meta.url.endsWith('.js');
const location: CodeLocation = compiled
  ? { packageRoot: fileURLToPath(new URL('../../../../', import.meta.url)), distRoot: here, compiled }
  : { packageRoot: here, distRoot: `${here}dist/`, compiled };

export interface AppRuntime {
  mode: 'compiled' | 'tsx';
  args: string[];
  /** Set when NODE_ENV=production asked for compiled code that is not there. */
  warning?: string;
}

/** The Node arguments that start an entry point (`api/command/main.ts`), or undefined when it does not exist. */
export function appRuntime(
  entry: string,
  env: Record<string, string | undefined> = process.env,
  where: CodeLocation = location,
  exists: (path: string) => boolean = existsSync,
): AppRuntime | undefined {
  const js = `${where.distRoot}${entry.replace(/\.ts$/, '.js')}`;
  const ts = `${where.packageRoot}${entry}`;
  const production = env['NODE_ENV'] === 'production';
  if ((where.compiled || production) && exists(js)) return { mode: 'compiled', args: ['--enable-source-maps', js] };
  if (!exists(ts)) return undefined;
  const warning = production ? `NODE_ENV=production but ${js} is missing (run \`npm run build\`): running ${entry} through tsx` : undefined;
  return { mode: 'tsx', args: ['--import', 'tsx', ts], ...(warning ? { warning } : {}) };
}

export const appSpecs: readonly AppSpec[] = [
  { name: 'command-api', entry: 'api/command/main.ts', portVariable: 'API_COMMAND_PORT', defaultPort: 8080, after: ['postgres'] },
  { name: 'projector', entry: 'projector/main.ts', portVariable: 'PROJECTOR_METRICS_PORT', defaultPort: 8090, after: ['connect', 'elasticsearch'] },
  // The query API is ready once the projection aliases exist, which the projector creates at start-up.
  { name: 'query-api', entry: 'api/query/main.ts', portVariable: 'API_QUERY_PORT', defaultPort: 8081, after: ['projector'] },
  { name: 'ops', entry: 'api/ops/main.ts', portVariable: 'API_OPS_PORT', defaultPort: 8082, after: ['connect', 'elasticsearch'] },
];

// kafkajs 2.2.4 schedules its request-queue check with a negative delay (issue 1751 upstream, unfixed in 2.x). Every
// Node clamps it to 1 ms; Node 24 also prints a TimeoutNegativeWarning into the projector's and ops' logs for it.
const NODE_FLAGS = ['--disable-warning=TimeoutNegativeWarning'];

/** One running copy of an app: the development stack runs one of each; the cluster (../cluster/) several. */
export interface AppInstance {
  name: string;
  port: number;
  after: string[];
}

const ownSecretsFile = (ctx: StackContext, instance: AppInstance): string => `${ctx.layout.run}/secrets/${instance.name}.env`;

/**
 * Each process gets a secrets file of its own with only the names its configuration reads, owned by the user it runs
 * as: the projector never holds the writer's password, and no process can read the stack's whole secrets file. A
 * value set in the launcher's environment (API_KEYS for a run of one's own) is carried over the same way.
 */
function writeOwnSecrets(ctx: StackContext, spec: AppSpec, instance: AppInstance): void {
  const all = withSecrets({ ...process.env, SLUICE_SECRETS_FILE: ctx.secretsFile });
  const file = ownSecretsFile(ctx, instance);
  // The folder can be passed through but not listed; each file is readable by its own process's user only.
  mkdirSync(dirname(file), { recursive: true });
  chmodSync(dirname(file), 0o711);
  const lines = PROCESS_SECRETS[spec.name].flatMap((name) => (all[name] === undefined ? [] : [`${name}=${all[name]}\n`]));
  writeFileSync(file, lines.join(''), { mode: 0o600 });
  chmodSync(file, 0o600);
  chownTree(file, ctx.runAs);
}

/** The CA of the stack's Elasticsearch (public, not a secret), absolute: an ES_CA_FILE of the launcher's environment wins. */
const esCaOf = (ctx: StackContext): Record<string, string> => {
  const ca = process.env['ES_CA_FILE'] ?? launcherEsCaFile({ SLUICE_HOME: ctx.layout.home });
  return existsSync(ca) ? { ES_CA_FILE: ca } : {};
};

const portOf = (spec: AppSpec): number => Number(process.env[spec.portVariable] ?? spec.defaultPort);

export const appComponent = (spec: AppSpec, runtime: AppRuntime, instance: AppInstance = { name: spec.name, port: portOf(spec), after: spec.after }): Component => ({
  name: instance.name,
  after: instance.after,
  readyTimeoutMs: 60_000,
  address: () => `http://127.0.0.1:${instance.port}`,
  prepare: async (ctx) => {
    if (runtime.warning) ctx.say(`${instance.name}: ${runtime.warning}`);
    writeOwnSecrets(ctx, spec, instance);
    // Under root the process runs as the unprivileged user, which must reach the code (a clone in `mktemp -d` is 0700).
    ensureTraversable(`${location.packageRoot}package.json`, ctx.runAs, ctx.say);
  },
  spawn: (ctx) => ({
    command: process.execPath, args: [...NODE_FLAGS, ...runtime.args], cwd: location.packageRoot,
    env: { SLUICE_SECRETS_FILE: ownSecretsFile(ctx, instance), ...esCaOf(ctx), [spec.portVariable]: String(instance.port) },
    uid: ctx.runAs?.uid, gid: ctx.runAs?.gid,
  }),
  ready: async () => (await httpOk(`http://127.0.0.1:${instance.port}/ready`)) !== undefined,
});

export const appComponents = (): Component[] =>
  appSpecs.flatMap((spec) => {
    const runtime = appRuntime(spec.entry);
    return runtime ? [appComponent(spec, runtime)] : [];
  });
