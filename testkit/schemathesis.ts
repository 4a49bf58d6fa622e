// Schemathesis (PyPI) for the API contract suite: installed on first use at the version infra/versions.json pins,
// into a venv under the git-ignored SLUICE_HOME, and run against one API's served OpenAPI document. Its report goes
// to test-artifacts/schemathesis/ (git-ignored) so that a failing run leaves what Schemathesis saw.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { versions } from '../infra/native/versions.js';

const root = new URL('../', import.meta.url).pathname;
const home = resolve(root, process.env['SLUICE_HOME'] ?? '.infra');
const version = versions.schemathesis.version;
// The version is part of the folder, so a new pin installs beside the old one instead of upgrading in place.
const venv = resolve(home, `schemathesis-${version}`);
const bin = resolve(venv, 'bin', 'schemathesis');
export const ARTIFACTS = resolve(root, 'test-artifacts', 'schemathesis');
export const CONFIG = resolve(root, 'test', 'schemathesis', 'schemathesis.toml');
const HOOKS = resolve(root, 'test', 'schemathesis', 'hooks.py');

interface Outcome {
  code: number | null;
  output: string;
}

function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Outcome> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: options.cwd ?? root, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.once('error', fail);
    child.once('close', (code) => done({ code, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

async function installed(): Promise<boolean> {
  if (!existsSync(bin)) return false;
  const { code, output } = await run(bin, ['--version']);
  return code === 0 && output.includes(version);
}

/** The schemathesis executable at the pinned version, installing it from PyPI when it is missing. */
export async function ensureSchemathesis(): Promise<string> {
  if (await installed()) return bin;
  // A half-made venv (an interrupted install) is replaced rather than repaired.
  rmSync(venv, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  const steps: [string, string[]][] = [
    ['python3', ['-m', 'venv', venv]],
    [resolve(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${version}`]],
  ];
  for (const [command, args] of steps) {
    const { code, output } = await run(command, args);
    if (code !== 0) throw new Error(`installing Schemathesis ${version} failed at \`${command} ${args.join(' ')}\` (exit ${code}):\n${output}`);
  }
  if (!(await installed())) throw new Error(`Schemathesis ${version} is not runnable from ${venv} after installing it`);
  return bin;
}

export interface ContractRun extends Outcome {
  /** The text report, written next to the JUnit and NDJSON reports. */
  reportPath: string;
}

/**
 * `schemathesis run` with the project config against `<url>/openapi.json`, with every check; its `[[project]]`
 * section is chosen by the document's title. `apiKey` authenticates every request (the ignored_auth check removes it).
 */
export async function runSchemathesis(name: string, url: string, apiKey: string, extraArgs: readonly string[] = []): Promise<ContractRun> {
  const executable = await ensureSchemathesis();
  const reports = resolve(ARTIFACTS, name);
  rmSync(reports, { recursive: true, force: true });
  mkdirSync(reports, { recursive: true });
  const args = [
    '--config-file', CONFIG, '--no-color',
    'run', `${url}/openapi.json`,
    '--checks', 'all',
    '--header', `Authorization: Bearer ${apiKey}`,
    '--report', 'junit,ndjson', '--report-dir', reports,
    ...extraArgs,
  ];
  // Run from the report folder: whatever Schemathesis or Hypothesis write beside them stays out of the clone.
  const outcome = await run(executable, args, { cwd: reports, env: { ...process.env, NO_COLOR: '1', SCHEMATHESIS_HOOKS: HOOKS } });
  const reportPath = resolve(reports, 'report.txt');
  writeFileSync(reportPath, `$ schemathesis ${args.join(' ').replace(/Bearer \S+/, 'Bearer ***')}\n\n${outcome.output}`);
  return { ...outcome, reportPath };
}
