// The file realm: users, their roles, and the roles themselves as files in the node's config folder, which
// Elasticsearch reads at start and reloads when they change. Declarative and idempotent: every `up` writes what the
// code declares, and a file whose content is already right is left alone (no reload, no churn).
import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { ES_PASSWORD_SECRETS, ES_USERS, esRoles, userRoles, type EsService } from './esRoles.js';

const ITERATIONS = 10_000;
const KEY_BYTES = 32;

/** Elasticsearch's PBKDF2 hash (`{PBKDF2}<iterations>$<salt>$<hash>`, HMAC-SHA512, base64), so no Java tool runs per user. */
export function pbkdf2Hash(password: string, salt: Buffer = randomBytes(32)): string {
  const hash = pbkdf2Sync(password, salt, ITERATIONS, KEY_BYTES, 'sha512');
  return `{PBKDF2}${ITERATIONS}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function hashMatches(stored: string, password: string): boolean {
  const match = /^\{PBKDF2\}(\d+)\$([^$]+)\$([^$]+)$/.exec(stored);
  if (!match) return false;
  const expected = Buffer.from(match[3] ?? '', 'base64');
  const actual = pbkdf2Sync(password, Buffer.from(match[2] ?? '', 'base64'), Number(match[1]), expected.length, 'sha512');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

const parseUsers = (text: string): Map<string, string> =>
  new Map(text.split('\n').flatMap((line) => (line.includes(':') && !line.startsWith('#') ? [[line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)] as const] : [])));

/** The `users` file: each user's existing hash kept while it still matches the password, so nothing changes needlessly. */
export function usersFile(existing: string, passwords: Record<EsService, string>): string {
  const old = parseUsers(existing);
  const lines = (Object.keys(ES_USERS) as EsService[]).map((service) => {
    const user = ES_USERS[service];
    const kept = old.get(user);
    return `${user}:${kept && hashMatches(kept, passwords[service]) ? kept : pbkdf2Hash(passwords[service])}`;
  });
  return `${lines.join('\n')}\n`;
}

export const usersRolesFile = (): string => `${Object.entries(userRoles()).map(([role, users]) => `${role}:${users.join(',')}`).join('\n')}\n`;

/** roles.yml: block YAML per role (Elasticsearch reads the file role by role, so one JSON document will not do). */
export function rolesFile(prefix: string, projections: readonly string[]): string {
  const list = (items: readonly string[]): string => JSON.stringify(items);
  const roles = Object.entries(esRoles(prefix, projections)).map(([name, role]) =>
    [`${name}:`, `  cluster: ${list(role.cluster)}`, '  indices:', ...role.indices.flatMap((g) => [`    - names: ${list(g.names)}`, `      privileges: ${list(g.privileges)}`])].join('\n'),
  );
  return `# Written by the Sluice launcher from the projection registry (infra/native/components/esRoles.ts). Edits are overwritten.\n${roles.join('\n')}\n`;
}

/** The passwords from the secrets, each one required. */
export function passwordsFrom(secrets: Record<string, string>): Record<EsService, string> {
  const out = {} as Record<EsService, string>;
  for (const service of Object.keys(ES_USERS) as EsService[]) {
    const value = secrets[ES_PASSWORD_SECRETS[service]];
    if (!value) throw new Error(`${ES_PASSWORD_SECRETS[service]} is missing from the secrets file`);
    out[service] = value;
  }
  return out;
}

/** Writes the three files where their content differs; returns whether any changed. */
export function writeRealm(configDir: string, passwords: Record<EsService, string>, prefix: string, projections: readonly string[]): boolean {
  const read = (name: string): string => (existsSync(`${configDir}/${name}`) ? readFileSync(`${configDir}/${name}`, 'utf8') : '');
  const wanted: Record<string, string> = { roles: rolesFile(prefix, projections), users: usersFile(read('users'), passwords), users_roles: usersRolesFile() };
  let changed = false;
  for (const [name, content] of Object.entries(wanted)) {
    const file = `${configDir}/${name === 'roles' ? 'roles.yml' : name}`;
    if ((existsSync(file) ? readFileSync(file, 'utf8') : '') === content) continue;
    writeFileSync(file, content, { mode: 0o600 });
    chmodSync(file, 0o600);
    changed = true;
  }
  return changed;
}
