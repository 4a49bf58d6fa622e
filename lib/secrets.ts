// Secrets live in one file of KEY=value lines, mode 0600, that the launcher writes on first start
// (<SLUICE_HOME>/secrets.env; infra/native/secrets.ts). Every process reads the names its own schema declares from
// it, so no secret travels through the environment of a process that does not need it, nor through `ps`. A value
// set in the environment wins: a deployment that injects secrets its own way (Compose secrets, a vault agent)
// sets them there, or points SLUICE_SECRETS_FILE at its own file.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export type Env = Record<string, string | undefined>;

/** Parses KEY=value lines; blank lines and # comments are skipped, values are taken verbatim. */
export function parseSecrets(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const eq = trimmed.indexOf('=');
    if (eq > 0) out[trimmed.slice(0, eq).trim()] = trimmed.slice(eq + 1).trim();
  }
  return out;
}

/** Where the secrets file is: SLUICE_SECRETS_FILE, else secrets.env in SLUICE_HOME (default .infra). */
export const secretsFileOf = (env: Env): string => resolve(env['SLUICE_SECRETS_FILE'] ?? `${env['SLUICE_HOME'] ?? '.infra'}/secrets.env`);

export function readSecrets(env: Env): Record<string, string> {
  const file = secretsFileOf(env);
  return existsSync(file) ? parseSecrets(readFileSync(file, 'utf8')) : {};
}

/** The CA the launcher made for Elasticsearch's HTTP layer in SLUICE_HOME (public, not secret): found by the home,
 * not beside the secrets file, which may be a process's own (infra/native/components/apps.ts) or one of a test's. */
export const launcherEsCaFile = (env: Env): string => resolve(env['SLUICE_HOME'] ?? '.infra', 'data/elasticsearch/config/certs/ca.crt');

/** Where the launcher's stack exists, its CA is what clients trust unless ES_CA_FILE says otherwise. */
const stackDefaults = (env: Env): Env => (existsSync(launcherEsCaFile(env)) ? { ES_CA_FILE: launcherEsCaFile(env) } : {});

/** The environment with the secrets file's values beneath it: what every composition root loads its config from. */
export const withSecrets = (env: Env): Env => ({ ...stackDefaults(env), ...readSecrets(env), ...env });

/** For operator tools (the sluice command, tests, benchmarks, the fault suite): the secrets file's values in env. */
export function adoptSecrets(env: NodeJS.ProcessEnv = process.env): void {
  Object.assign(env, withSecrets(env));
}
