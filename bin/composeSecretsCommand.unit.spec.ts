// Compose's secrets: generated, private, kept across runs, and only what the containers can use.
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { parseSecrets } from '../lib/secrets.js';
import { writeComposeSecrets } from './composeSecretsCommand.js';

describe('sluice compose-secrets', () => {
  it('writes each secret 0600, with random production keys and no development default, and keeps them on a rerun', () => {
    const dir = mkdtempSync(`${tmpdir()}/sluice-compose-`);
    const files = writeComposeSecrets(dir);
    const read = (file: string) => readFileSync(`${dir}/${file}`, 'utf8');
    for (const file of files) expect(statSync(`${dir}/${file}`).mode & 0o777).toBe(0o600);
    const env = parseSecrets(read('secrets.env'));
    expect(Object.keys(env).filter((name) => name.startsWith('KAFKA_') || name.startsWith('ES_'))).toEqual([]);
    expect(read('secrets.env')).not.toMatch(/-dev\b|dev-/);
    expect(env['API_KEYS']).toContain(`${read('ops-key')}:ops`);
    expect(read('pg-admin-password')).toBe(env['PG_ADMIN_PASSWORD']);
    const before = files.map(read);
    writeComposeSecrets(dir);
    expect(files.map(read)).toEqual(before);
  });
});
