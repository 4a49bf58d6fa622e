// Secrets generated once per home: random, complete, private, and never rewritten.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ensureSecrets, GENERATED } from './secrets.js';

const fresh = (): string => `${mkdtempSync(`${tmpdir()}/sluice-home-`)}/secrets.env`;

describe('ensureSecrets', () => {
  it('generates every secret at random into a 0600 file, and no API keys in development', () => {
    const file = fresh();
    const secrets = ensureSecrets({ file, production: false });
    expect(Object.keys(secrets).sort()).toEqual([...GENERATED].sort());
    for (const value of Object.values(secrets)) expect(value).toMatch(/^[\w-]{32}$/);
    expect(new Set(Object.values(secrets)).size).toBe(GENERATED.length);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toMatch(/-dev\b/);
  });

  it('keeps what is there and adds only missing names', () => {
    const file = fresh();
    writeFileSync(file, 'PG_WRITER_PASSWORD=kept\n');
    const secrets = ensureSecrets({ file, production: false });
    expect(secrets['PG_WRITER_PASSWORD']).toBe('kept');
    expect(ensureSecrets({ file, production: false })).toEqual(secrets);
  });

  it('generates one long random key per scope in production', () => {
    const keys = ensureSecrets({ file: fresh(), production: true })['API_KEYS'] ?? '';
    expect(keys.split(',').map((entry) => entry.split(':')[1])).toEqual(['commands', 'queries', 'ops']);
    for (const entry of keys.split(',')) expect((entry.split(':')[0] ?? '').length).toBeGreaterThanOrEqual(32);
  });

  it('keeps the superuser password of a cluster made before the file existed', () => {
    expect(ensureSecrets({ file: fresh(), production: false, legacyPostgresAdmin: 'old' })['PG_ADMIN_PASSWORD']).toBe('old');
  });
});
