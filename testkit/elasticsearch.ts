// Elasticsearch for tests and benchmarks: one client factory, and clean-up for those that isolate themselves with an
// index prefix. Tests act as the launcher's superuser (they create and drop scratch indexes under prefixes no
// service role names); what each service user may do is shown by infra/native/elasticsearchSecurity.int.spec.ts.
import type { EsAccess } from '../lib/esAccess.js';
import { withSecrets } from '../lib/secrets.js';
import { createEsClient, type EsClient } from '../model/adapters/elasticsearch/client.js';

export const ES_URL = process.env['ES_URL'] ?? 'https://127.0.0.1:9200';

/** The stack's superuser, its password from the secrets file and the stack's CA, read at each call (the runner may
 * point the environment at the test stack after this module loaded). */
export function testEsAccess(env: Record<string, string | undefined> = process.env): EsAccess {
  const e = withSecrets(env);
  return { url: e['ES_URL'] ?? 'https://127.0.0.1:9200', caFile: e['ES_CA_FILE'], username: e['ES_ADMIN_USER'] ?? 'sluice_admin', password: e['ES_ADMIN_PASSWORD'] };
}

/** A service user's access (ES_<SERVICE>_USER / ES_<SERVICE>_PASSWORD), for tests that act as one. */
export function serviceEsAccess(service: 'projector' | 'query' | 'ops' | 'rebuild', env: Record<string, string | undefined> = process.env): EsAccess {
  const e = withSecrets(env);
  const key = service.toUpperCase();
  return { ...testEsAccess(env), username: e[`ES_${key}_USER`] ?? `sluice_${service}`, password: e[`ES_${key}_PASSWORD`] };
}

export const testEsClient = (env: Record<string, string | undefined> = process.env): EsClient => createEsClient(testEsAccess(env));

/** Every index of a test prefix, all versions (a rebuild creates more than v1). */
export async function deleteIndexesWithPrefix(es: EsClient, prefix: string): Promise<void> {
  const rows = await es.cat.indices({ index: `${prefix}*`, format: 'json', h: 'index' }, { ignore: [404] }).catch(() => []);
  // Wildcard deletes are refused by default (action.destructive_requires_name): name each index.
  const indices = (Array.isArray(rows) ? rows : []).map((r) => r.index).filter((i): i is string => Boolean(i));
  if (indices.length > 0) await es.indices.delete({ index: indices }, { ignore: [404] }).catch(() => undefined);
}
