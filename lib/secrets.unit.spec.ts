// The secrets file: what it holds reaches a process's configuration, and the environment overrides it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { parseSecrets, withSecrets } from './secrets.js';

describe('secrets file', () => {
  it('parses KEY=value lines, skipping comments and blanks, keeping = inside values', () => {
    expect(parseSecrets('# generated\n\nPG_WRITER_PASSWORD=a=b\n  ES_PASSWORD = x \n')).toEqual({ PG_WRITER_PASSWORD: 'a=b', ES_PASSWORD: 'x' });
  });

  it('puts the file beneath the environment: the environment wins', () => {
    const home = mkdtempSync(`${tmpdir()}/sluice-secrets-`);
    writeFileSync(`${home}/secrets.env`, 'A=from-file\nB=from-file\n');
    expect(withSecrets({ SLUICE_HOME: home, B: 'from-env' })).toMatchObject({ A: 'from-file', B: 'from-env' });
  });

  it('reads nothing when there is no file and no stack', () => {
    const env = { SLUICE_HOME: '/nonexistent', SLUICE_SECRETS_FILE: '/nonexistent/secrets.env', C: '1' };
    expect(withSecrets(env)).toEqual(env);
  });
});
