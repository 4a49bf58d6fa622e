// API keys as settings: `key:scope[+scope],...` (API_KEYS). Pure, shared by the config schemas (every mode refuses
// an unknown scope: a typo such as `query` would otherwise make a key that opens nothing, silently) and by the
// production check (lib/production.ts).
export const SCOPES = ['commands', 'queries', 'ops'] as const;
export type Scope = (typeof SCOPES)[number];

export type ApiKeys = ReadonlyMap<string, ReadonlySet<Scope>>;

/** Development only: the keys README's curl examples use. lib/production.ts refuses them in production. */
export const DEV_API_KEYS: ApiKeys = new Map<string, ReadonlySet<Scope>>([
  ['dev-commands', new Set<Scope>(['commands'])],
  ['dev-queries', new Set<Scope>(['queries'])],
  ['dev-ops', new Set<Scope>(['ops'])],
]);

/**
 * Development only: the HMAC secret keys are compared with when API_KEY_SECRET is unset (the launcher generates
 * one into the secrets file, so it is only used by processes started by hand). Refused in production.
 */
export const DEV_API_KEY_SECRET = 'sluice-development-api-key-secret';

const isScope = (s: string): s is Scope => (SCOPES as readonly string[]).includes(s);

/** Parses API_KEYS; each problem names the entry by position and scopes, never the key itself. */
export function parseApiKeys(raw: string): { keys: Map<string, Set<Scope>>; problems: string[] } {
  const keys = new Map<string, Set<Scope>>();
  const problems: string[] = [];
  raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .forEach((entry, i) => {
      const colon = entry.lastIndexOf(':');
      const key = colon > 0 ? entry.slice(0, colon) : '';
      const scopes = colon > 0 ? entry.slice(colon + 1).split('+') : [];
      if (!key || scopes.length === 0 || scopes.some((s) => !s)) return void problems.push(`entry #${i + 1} is not key:scope[+scope]`);
      const unknown = scopes.filter((s) => !isScope(s));
      if (unknown.length > 0) return void problems.push(`entry #${i + 1} names unknown scope(s) ${unknown.map((s) => `"${s}"`).join(', ')}; known: ${SCOPES.join(', ')}`);
      if (keys.has(key)) return void problems.push(`entry #${i + 1} repeats a key`);
      keys.set(key, new Set(scopes.filter(isScope)));
    });
  return { keys, problems };
}
