// `sluice compose-secrets`: the secrets Docker Compose mounts (docker-compose.yml, `secrets:`), generated once into
// .infra/compose (git-ignored, each file 0600): the Postgres superuser's and Grafana's admin passwords for their
// images' *_FILE settings, the ops key Prometheus scrapes with, and the Sluice processes' KEY=value file (every role
// password, random API keys per scope and the key secret). Nothing in Compose has a default password.
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { parseApiKeys } from '../lib/apiKeys.js';
import { keyWithScope } from '../lib/keyring.js';
import { ensureSecrets } from '../infra/native/secrets.js';

/** What the Sluice containers read. Elasticsearch and Kafka run without security in Compose so far (docs/security.md). */
const FOR_PROCESSES = ['PG_ADMIN_PASSWORD', 'PG_WRITER_PASSWORD', 'PG_PROJECTOR_PASSWORD', 'PG_DEBEZIUM_PASSWORD', 'PG_OPS_PASSWORD', 'API_KEYS', 'API_KEY_SECRET'];

const writeSecret = (file: string, value: string): void => writeFileSync(file, value, { mode: 0o600 });

export function writeComposeSecrets(dir: string): string[] {
  const all = ensureSecrets({ file: `${dir}/generated.env`, production: true });
  const lines = FOR_PROCESSES.map((name) => `${name}=${all[name] ?? ''}\n`);
  writeSecret(`${dir}/secrets.env`, lines.join(''));
  writeSecret(`${dir}/pg-admin-password`, all['PG_ADMIN_PASSWORD'] ?? '');
  writeSecret(`${dir}/ops-key`, keyWithScope(parseApiKeys(all['API_KEYS'] ?? '').keys, 'ops') ?? '');
  const grafana = `${dir}/grafana-admin-password`;
  if (!existsSync(grafana)) writeSecret(grafana, randomBytes(24).toString('base64url'));
  return ['secrets.env', 'pg-admin-password', 'ops-key', 'grafana-admin-password'];
}

export function registerComposeSecretsCommand(program: Command): void {
  program
    .command('compose-secrets')
    .description('generate the secrets docker-compose.yml mounts (once; existing values are kept)')
    .option('--dir <dir>', 'where to write them', '.infra/compose')
    .action((options: { dir: string }) => {
      const dir = resolve(options.dir);
      for (const file of writeComposeSecrets(dir)) console.log(`${dir}/${file}`);
      console.log('API keys (one per scope): the API_KEYS line of secrets.env');
    });
}
