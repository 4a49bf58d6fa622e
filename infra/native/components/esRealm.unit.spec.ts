// The file realm the launcher writes: hashes Elasticsearch can check, kept while they match, and roles that name
// exactly the deployment's indexes in production.
import { hashMatches, pbkdf2Hash, usersFile } from './esRealm.js';
import { esRoles } from './esRoles.js';

const passwords = { admin: 'a'.repeat(32), projector: 'p'.repeat(32), query: 'q'.repeat(32), ops: 'o'.repeat(32), rebuild: 'r'.repeat(32) };

describe('Elasticsearch file realm', () => {
  it('hashes a password so that only that password matches', () => {
    const hash = pbkdf2Hash('correct horse');
    expect(hash).toMatch(/^\{PBKDF2\}10000\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(hashMatches(hash, 'correct horse')).toBe(true);
    expect(hashMatches(hash, 'correct horse!')).toBe(false);
  });

  it('keeps a user line whose hash still matches, and replaces one that does not', () => {
    const first = usersFile('', passwords);
    expect(usersFile(first, passwords)).toBe(first);
    const changed = usersFile(first, { ...passwords, query: 'z'.repeat(32) });
    expect(changed.split('\n').filter((l) => l.startsWith('sluice_query:'))).not.toEqual(first.split('\n').filter((l) => l.startsWith('sluice_query:')));
    expect(changed.split('\n').filter((l) => l.startsWith('sluice_ops:'))).toEqual(first.split('\n').filter((l) => l.startsWith('sluice_ops:')));
  });

  it('gives the query user read rights only, on the aliases and the progress index', () => {
    const roles = esRoles('', ['orders', 'customers']);
    expect(roles['sluice_query']?.indices).toEqual([{ names: ['orders', 'customers', 'sluice_progress'], privileges: ['read', 'view_index_metadata'] }]);
  });

  it('never lets the projector delete an index; only the rebuild user drops projection versions', () => {
    const roles = esRoles('prod-', ['orders']);
    const privileges = (role: string) => roles[role]?.indices.flatMap((g) => g.privileges) ?? [];
    expect(privileges('sluice_projector')).not.toContain('delete_index');
    expect(privileges('sluice_projector')).not.toContain('manage');
    expect(roles['sluice_rebuild']?.indices.find((g) => g.privileges.includes('delete_index'))?.names).toEqual(['prod-orders', 'prod-orders_v*', 'prod-orders_rebuild']);
  });
});
