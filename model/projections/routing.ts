// Which documents a change dirties, derived from the projection's declaration: every table a projection reads is
// a dependency (dependencies.ts) with the columns read there. An update routes only when one of those columns
// differs between its before and after images (changedColumns.ts), so a stock decrement or a `version` bump no
// order document shows costs nothing. Creates, deletes and updates without a before image (REPLICA IDENTITY
// DEFAULT) always route. Both images are routed, so a re-parented or deleted child dirties its old and its new
// parent. When the changed row does not carry the root key itself, the fan-out is one set-based lookup
// (`... WHERE x = ANY($1)`) per dependency and batch.
import type { RowChange } from '../change/change.js';
import { TOAST_PLACEHOLDER, type TableName } from '../change/change.js';
import { changedIn } from './changedColumns.js';
import type { Projection } from './declaration.js';
import { dependenciesOn, type Dependency } from './dependencies.js';

/** A fan-out that needs Postgres: `sql` takes an array of key values as $1 and returns rows `{ id, via }`. */
export interface Lookup {
  dependency: Dependency;
  sql: string;
  values: readonly unknown[];
}

/** Why a change was routed to a dependency, or why it was not. */
export type RouteReason = 'create' | 'delete' | 'snapshot-read' | 'read-column-changed' | 'no-before-image' | 'only-unread-columns';

export interface RouteDecision {
  table: TableName;
  routed: boolean;
  reason: RouteReason;
}

export interface DirtyPlan {
  direct: string[];
  lookups: Lookup[];
  /** One decision per dependency on the changed table. */
  decisions: RouteDecision[];
}

/** True when the changed row's own column is the root key, so no lookup is needed. */
const isDirect = (projection: Projection, d: Dependency): boolean =>
  d.path.length === 0 || (d.path.length === 1 && d.path[0]!.parentKey === projection.root.key);

const keyColumn = (projection: Projection, d: Dependency): string => d.path.at(-1)?.key ?? projection.root.key;

export function lookupSql(projection: Projection, d: Dependency): string {
  const aliases = d.path.map((_, i) => `t${i + 1}`);
  const joins = d.path.slice(0, -1).map((h, i) => `JOIN ${h.table} ${aliases[i]} ON ${aliases[i]}.${h.key} = ${i === 0 ? 'r' : aliases[i - 1]}.${h.parentKey}`);
  const last = d.path.at(-1)!;
  const parent = d.path.length > 1 ? aliases[d.path.length - 2] : 'r';
  const key = `r.${projection.root.key}`;
  const via = `${parent}.${last.parentKey}`;
  return [`SELECT DISTINCT ${key}::text AS id, ${via}::text AS via FROM ${projection.root.table} r`, ...joins, `WHERE ${via} = ANY($1)`].join(' ');
}

const usable = (v: unknown): v is string | number => (typeof v === 'string' && v !== TOAST_PLACEHOLDER) || typeof v === 'number';

export interface RoutingOptions {
  /** Off: every update routes as if all its columns changed (the reference the column filter must agree with). */
  columnFilter?: boolean;
}

function decide(change: RowChange, d: Dependency, changed: ReadonlySet<string> | null, opts: RoutingOptions): RouteDecision {
  const table = change.table;
  if (change.kind === 'create') return { table, routed: true, reason: 'create' };
  if (change.kind === 'delete') return { table, routed: true, reason: 'delete' };
  if (change.kind === 'read') return { table, routed: true, reason: 'snapshot-read' };
  if (changed === null) return { table, routed: true, reason: 'no-before-image' };
  if (opts.columnFilter === false) return { table, routed: true, reason: 'read-column-changed' };
  const hit = [...changed].some((column) => d.columns.has(column));
  return { table, routed: hit, reason: hit ? 'read-column-changed' : 'only-unread-columns' };
}

/** Plans the dirty root ids for one change: ids known at once, lookups to run for the rest, and why. */
export function planDirty(projection: Projection, change: RowChange, opts: RoutingOptions = {}): DirtyPlan {
  const plan: DirtyPlan = { direct: [], lookups: [], decisions: [] };
  const deps = dependenciesOn(projection, change.table);
  if (deps.length === 0) return plan;
  const changed = changedIn(change);
  const images = [change.before, change.after].filter((image) => image !== null);
  for (const d of deps) {
    const decision = decide(change, d, changed, opts);
    plan.decisions.push(decision);
    if (!decision.routed) continue;
    const column = keyColumn(projection, d);
    const values = [...new Set(images.map((image) => image[column]).filter(usable))];
    if (values.length === 0) continue;
    if (isDirect(projection, d)) plan.direct.push(...values.map(String));
    else plan.lookups.push({ dependency: d, sql: lookupSql(projection, d), values });
  }
  plan.direct = [...new Set(plan.direct)];
  return plan;
}
