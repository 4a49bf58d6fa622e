import { DEV_API_KEY_SECRET, parseApiKeys } from './apiKeys.js';
import { productionProblems } from './production.js';

const key = (c: string) => c.repeat(40);
const safe = { NODE_ENV: 'production', API_KEYS: `${key('a')}:commands,${key('b')}:queries+ops`, API_KEY_SECRET: key('s'), PG_WRITER_PASSWORD: key('p') };
const needs = { apiKeys: true, passwords: ['PG_WRITER_PASSWORD'] };
const names = (env: Record<string, string | undefined>) => productionProblems(env, needs).map((p) => p.split(':')[0]);

describe('production refuses development settings', () => {
  it('given safe settings, then no problem', () => expect(productionProblems(safe, needs)).toEqual([]));

  it('given development mode, then nothing is checked', () => expect(productionProblems({ ...safe, NODE_ENV: 'development', API_KEYS: undefined }, needs)).toEqual([]));

  it.each([
    ['missing API keys', { API_KEYS: undefined }, 'API_KEYS'],
    ['a dev- key', { API_KEYS: `dev-${key('x')}:commands` }, 'API_KEYS'],
    ['a short key', { API_KEYS: 'short-but-random:commands' }, 'API_KEYS'],
    ['an unknown scope', { API_KEYS: `${key('a')}:commands+admin` }, 'API_KEYS'],
    ['no key secret', { API_KEY_SECRET: undefined }, 'API_KEY_SECRET'],
    ['the development key secret', { API_KEY_SECRET: DEV_API_KEY_SECRET }, 'API_KEY_SECRET'],
    ['a missing password', { PG_WRITER_PASSWORD: undefined }, 'PG_WRITER_PASSWORD'],
    ['a default password', { PG_WRITER_PASSWORD: 'writer-dev' }, 'PG_WRITER_PASSWORD'],
    ['a default password the process does not even use', { PG_ADMIN_PASSWORD: 'sluice-admin-dev' }, 'PG_ADMIN_PASSWORD'],
  ])('given %s, then the setting is named', (_case, change, setting) => {
    expect(names({ ...safe, ...change })).toEqual([setting]);
  });

  it('refuses a plain-http endpoint that credentials are sent to, and accepts https', () => {
    const withUrl = { ...needs, httpsUrls: ['ES_URL'] };
    expect(productionProblems({ ...safe, ES_URL: 'http://es:9200' }, withUrl).map((p) => p.split(':')[0])).toEqual(['ES_URL']);
    expect(productionProblems({ ...safe, ES_URL: 'https://es:9200' }, withUrl)).toEqual([]);
  });

  it('holds a key the process presents elsewhere to the same rules, when it is set', () => {
    const presenting = { ...needs, presentedKeys: ['PROJECTOR_METRICS_KEY'] };
    expect(productionProblems(safe, presenting)).toEqual([]);
    expect(productionProblems({ ...safe, PROJECTOR_METRICS_KEY: 'dev-ops' }, presenting)).toEqual(['PROJECTOR_METRICS_KEY: is a development key (dev-...)']);
    expect(productionProblems({ ...safe, PROJECTOR_METRICS_KEY: 'short' }, presenting)).toEqual(['PROJECTOR_METRICS_KEY: is shorter than 32 characters']);
  });

  it('refuses the fault suite\'s hook whatever its value, and accepts it unset or none (docs/reliability.md T01)', () => {
    expect(names({ ...safe, SLUICE_FAULT: 'after-bulk:3' })).toEqual(['SLUICE_FAULT']);
    expect(names({ ...safe, SLUICE_FAULT: 'anything' })).toEqual(['SLUICE_FAULT']);
    expect(productionProblems({ ...safe, SLUICE_FAULT: 'none' }, needs)).toEqual([]);
    expect(productionProblems({ ...safe, SLUICE_FAULT: 'after-bulk', NODE_ENV: 'development' }, needs)).toEqual([]);
  });

  it('never repeats the key itself in a problem', () => {
    const secretish = `dev-${key('q')}`;
    expect(productionProblems({ ...safe, API_KEYS: `${secretish}:ops` }, needs).join('\n')).not.toContain(secretish);
  });
});

describe('API_KEYS', () => {
  it('parses keys with their scopes', () => {
    expect(parseApiKeys('k1:commands, k2:queries+ops')).toEqual({ keys: new Map([['k1', new Set(['commands'])], ['k2', new Set(['queries', 'ops'])]]), problems: [] });
  });

  it('refuses an unknown scope, a malformed entry and a repeated key, naming the entry and never the key', () => {
    const { problems } = parseApiKeys('secret1:query,secret2,secret1:ops,secret1:ops');
    expect(problems).toEqual([
      'entry #1 names unknown scope(s) "query"; known: commands, queries, ops',
      'entry #2 is not key:scope[+scope]',
      'entry #4 repeats a key',
    ]);
  });
});
