// Who may do what in Elasticsearch: one user per Sluice service, each with a role cut to what that service calls.
// Pure: names in (lib/names.ts conventions), role descriptors out. The launcher writes them as the file realm's
// roles.yml (JSON is YAML) and the service users into `users` / `users_roles` (./esRealm.ts).
import { capacityIndex, progressIndex, readAlias } from '../../../lib/names.js';

export interface IndexGrant {
  names: string[];
  privileges: string[];
}

export interface RoleDescriptor {
  cluster: string[];
  indices: IndexGrant[];
}

/** The user of each service, as each process's schema names it by default (ES_<SERVICE>_USER). */
export const ES_USERS = {
  admin: 'sluice_admin',
  projector: 'sluice_projector',
  query: 'sluice_query',
  ops: 'sluice_ops',
  rebuild: 'sluice_rebuild',
} as const;

export type EsService = keyof typeof ES_USERS;

/** The secret holding each user's password (infra/native/secrets.ts GENERATED). */
export const ES_PASSWORD_SECRETS: Record<EsService, string> = {
  admin: 'ES_ADMIN_PASSWORD',
  projector: 'ES_PROJECTOR_PASSWORD',
  query: 'ES_QUERY_PASSWORD',
  ops: 'ES_OPS_PASSWORD',
  rebuild: 'ES_REBUILD_PASSWORD',
};

/** Every name a projection's data goes by: the read alias, its `_v<N>` versions, the rebuild's write alias. */
const projectionIndices = (prefix: string, names: readonly string[]): string[] =>
  names.flatMap((n) => [readAlias(n, prefix), `${prefix}${n}_v*`, `${prefix}${n}_rebuild`]);

// Writing and keeping indexes in shape, without `manage` (which includes deleting them): create, refresh (maintenance),
// read mappings, settings and aliases (view_index_metadata), list versions (monitor: `_cat/indices`), move aliases,
// extend the progress mapping.
const OWN = ['create_index', 'read', 'write', 'view_index_metadata', 'monitor', 'maintenance', 'indices:admin/aliases', 'indices:admin/mapping/put'];

/**
 * The roles. `projections` are the registered projection names plus the order timeline's; `prefix` is the index
 * prefix the deployment runs with (PROJECTOR_INDEX_PREFIX, normally empty).
 */
export function esRoles(prefix: string, projections: readonly string[]): Record<string, RoleDescriptor> {
  const indices = projectionIndices(prefix, projections);
  const aliases = projections.map((n) => readAlias(n, prefix));
  const progress = progressIndex(prefix);
  const capacity = capacityIndex(prefix);
  return {
    // The live projector: its projections' indexes and aliases and the progress index; it deletes nothing.
    sluice_projector: { cluster: ['monitor'], indices: [{ names: [...indices, progress], privileges: OWN }] },
    // `sluice rebuild` (and verify, reproject, replay): the projector's rights, plus creating and dropping versions,
    // serving settings, and the capacity record each rebuild leaves.
    sluice_rebuild: {
      cluster: ['monitor'],
      indices: [
        { names: indices, privileges: [...OWN, 'delete_index', 'indices:admin/settings/update'] },
        { names: [progress, capacity], privileges: OWN },
      ],
    },
    // The query API reads the aliases it serves and the progress documents; nothing else, and it writes nothing.
    sluice_query: { cluster: ['cluster:monitor/health'], indices: [{ names: [...aliases, progress], privileges: ['read', 'view_index_metadata'] }] },
    // The ops service: cluster and index monitoring, and reads of what it reports on.
    sluice_ops: { cluster: ['monitor'], indices: [{ names: [...indices, progress, capacity], privileges: ['read', 'monitor', 'view_index_metadata'] }] },
  };
}

/** Each user's roles: the launcher's own user is a superuser (it runs the cluster, tests use it for scratch indexes). */
export const userRoles = (): Record<string, string[]> => ({
  superuser: [ES_USERS.admin],
  sluice_projector: [ES_USERS.projector],
  sluice_rebuild: [ES_USERS.rebuild],
  sluice_query: [ES_USERS.query],
  sluice_ops: [ES_USERS.ops],
});
