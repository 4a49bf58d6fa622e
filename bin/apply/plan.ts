// `sluice apply`, the pure part: given what the declarations derive and what the running system has, what must
// change. No I/O here; bin/apply/run.ts reads the state through the adapters and carries the plan out step by step.
import type { TableName } from '../../model/change/change.js';

export interface ApplyState {
  /** The captured tables derived from the registered projections plus Sluice's own (projections/captured.ts). */
  desired: readonly TableName[];
  /** Sluice's own captured tables: never backfilled (nothing reads their past rows). */
  own: readonly TableName[];
  /** Tables of the schema that exist: a declaration over a missing table means a migration is missing. */
  existing: readonly TableName[];
  /** The publication's tables now. */
  publication: readonly TableName[];
  /** The running connector's configuration, or undefined when it is not registered. */
  connector: Readonly<Record<string, string>> | undefined;
  /** What the configuration must say: the connector's JSON file plus the derived settings (table list, topics). */
  settings: Readonly<Record<string, string>>;
  /** Registered projections whose read alias does not exist yet (the projector creates it when it starts). */
  missingAliases: readonly string[];
  /** Per table the projections read, the roles that still lack SELECT on it. */
  missingGrants: Readonly<Record<TableName, readonly string[]>>;
}

export interface ApplyPlan {
  /** The publication's new table list, or null when it already lists exactly the desired tables. */
  publication: { tables: TableName[]; added: TableName[]; dropped: TableName[] } | null;
  grants: { table: TableName; roles: string[] }[];
  /** The connector's new configuration (the running one with the changed keys), or null when nothing changes. */
  connector: { config: Record<string, string>; changed: string[] } | null;
  /** Tables newly in table.include.list whose existing rows are backfilled by an incremental snapshot. */
  backfill: TableName[];
  /** The Sluice processes to restart, in order; empty when nothing they read at start-up changed. */
  restart: AppName[];
}

/** Restart order: the projector subscribes to the new topics and creates the new indexes; the query API and the ops
 * service read the registry and the aliases when they start. */
export const RESTART_ORDER = ['projector', 'query-api', 'ops'] as const;
export type AppName = (typeof RESTART_ORDER)[number];

export const INCLUDE_LIST = 'table.include.list';

const includeList = (config: Readonly<Record<string, string>> | undefined): TableName[] =>
  (config?.[INCLUDE_LIST] ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => t.replace(/^public\./, ''));

const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));

export class ApplyRefused extends Error {}

export function planApply(state: ApplyState): ApplyPlan {
  const absent = state.desired.filter((t) => !state.existing.includes(t));
  if (absent.length > 0) {
    throw new ApplyRefused(`table(s) ${absent.join(', ')} read by a projection do not exist: add the migration that creates them to infra/postgres/migrations`);
  }
  if (!state.connector) throw new ApplyRefused('the table-change connector is not registered: run `sluice setup` (or `sluice up`) first');
  const publication = sameSet(state.publication, state.desired)
    ? null
    : {
        tables: [...state.desired],
        added: state.desired.filter((t) => !state.publication.includes(t)),
        dropped: state.publication.filter((t) => !state.desired.includes(t)),
      };
  // The running configuration is the base: database.* (the password's secrets reference above all) stays as it is.
  const config = { ...state.connector, ...state.settings };
  const changed = Object.keys(config).filter((k) => state.connector?.[k] !== config[k]);
  const captured = includeList(state.connector);
  const backfill = includeList(config).filter((t) => !captured.includes(t) && !state.own.includes(t));
  const grants = Object.entries(state.missingGrants)
    .filter(([, roles]) => roles.length > 0)
    .map(([table, roles]) => ({ table, roles: [...roles] }));
  const restart = publication || changed.length > 0 || state.missingAliases.length > 0 ? [...RESTART_ORDER] : [];
  return { publication, grants, connector: changed.length > 0 ? { config, changed } : null, backfill, restart };
}

export const nothingToDo = (plan: ApplyPlan): boolean =>
  !plan.publication && plan.grants.length === 0 && !plan.connector && plan.backfill.length === 0 && plan.restart.length === 0;

/** The signal that asks Debezium for an incremental snapshot of one table (its rows as `r` events). */
export const snapshotSignal = (id: string, table: TableName, schema = 'public') => ({
  id,
  type: 'execute-snapshot',
  data: JSON.stringify({ 'data-collections': [`${schema}.${table}`], type: 'incremental' }),
});
