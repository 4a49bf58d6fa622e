// Which documents a change dirties, derived from the projection's declaration. Every table a projection reads is
// a dependency, reached from the root through a path of hops, with the set of columns the projection reads there:
// shown columns, the columns computed and aggregate expressions declare, sort keys of arrays, and the join keys
// into and out of the table. An update routes only when one of those columns differs between its before and
// after images, so a stock decrement or a `version` bump no order document shows costs nothing. Creates, deletes
// and updates without a before image (REPLICA IDENTITY DEFAULT) always route. Both images are routed, so a
// re-parented or deleted child dirties its old and its new parent. When the changed row does not carry the root
// key itself, the fan-out is one set-based lookup (`... WHERE x = ANY($1)`) per dependency and batch.
import type { Row, RowChange } from '../change/change.js';
import { TOAST_PLACEHOLDER, type TableName } from '../change/change.js';
import type { Fields, Hop, Projection } from './declaration.js';

export interface Dependency {
  table: TableName;
  path: readonly Hop[];
  /** The columns of `table` this projection reads along `path`, join keys included. */
  columns: ReadonlySet<string>;
}

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

interface Node {
  table: TableName;
  path: readonly Hop[];
  columns: Set<string>;
}

const signature = (path: readonly Hop[]): string => path.map((h) => `${h.table}.${h.key}=${h.parentKey}`).join('/');

/** Collects, per distinct path, the columns read at the table the path ends in. */
class NodeSet {
  readonly nodes = new Map<string, Node>();

  at(table: TableName, path: readonly Hop[], key: string): Node {
    const sig = signature(path);
    const node = this.nodes.get(sig) ?? { table, path, columns: new Set<string>([key]) };
    this.nodes.set(sig, node);
    return node;
  }

  /** An aggregate's path below `node`: each step reads its declared columns, its key and the next step's join. */
  aggregate(node: Node, path: readonly Hop[], reads: readonly (readonly string[])[]): void {
    let parent = node;
    path.forEach((step, i) => {
      parent.columns.add(step.parentKey);
      parent = this.at(step.table, [...parent.path, step], step.key);
      for (const column of reads[i] ?? []) parent.columns.add(column);
    });
  }

  fields(node: Node, fields: Fields): void {
    for (const field of Object.values(fields)) {
      switch (field.kind) {
        case 'column':
          node.columns.add(field.column);
          break;
        case 'computed':
          for (const column of field.reads) node.columns.add(column);
          break;
        case 'one':
        case 'many': {
          node.columns.add(field.hop.parentKey);
          const child = this.at(field.hop.table, [...node.path, field.hop], field.hop.key);
          if (field.kind === 'many') for (const column of field.orderBy) child.columns.add(column);
          this.fields(child, field.fields);
          break;
        }
        case 'aggregate':
          this.aggregate(node, field.path, field.reads);
          break;
        default: {
          const unreachable: never = field;
          throw new Error(`unknown field ${JSON.stringify(unreachable)}`);
        }
      }
    }
  }
}

const cache = new WeakMap<Projection, Dependency[]>();
const byTable = new WeakMap<Projection, Map<TableName, Dependency[]>>();

/** The dependencies of `projection` on `table` (cached: routing asks for every change). */
function dependenciesOn(projection: Projection, table: TableName): readonly Dependency[] {
  let map = byTable.get(projection);
  if (!map) {
    map = new Map<TableName, Dependency[]>();
    for (const d of dependencies(projection)) map.set(d.table, [...(map.get(d.table) ?? []), d]);
    byTable.set(projection, map);
  }
  return map.get(table) ?? [];
}

const changedOf = new WeakMap<RowChange, Set<string> | null>();

/** The changed columns of an update with a before image, computed once per change whatever the projections. */
function changedIn(change: RowChange): Set<string> | null {
  if (change.kind !== 'update' || change.before === null) return null;
  let changed = changedOf.get(change);
  if (changed === undefined) {
    changed = changedColumns(change.before, change.after);
    changedOf.set(change, changed);
  }
  return changed;
}

/** The root plus every distinct path the projection reads through, each with the columns read there. */
export function dependencies(projection: Projection): Dependency[] {
  const cached = cache.get(projection);
  if (cached) return cached;
  const set = new NodeSet();
  set.fields(set.at(projection.root.table, [], projection.root.key), projection.fields);
  const out = [...set.nodes.values()].map((n): Dependency => ({ table: n.table, path: n.path, columns: n.columns }));
  cache.set(projection, out);
  return out;
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

/** Image values are decoded JSON; Debezium writes both images with one schema, so their key order is the same. */
const same = (a: unknown, b: unknown): boolean => a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));

const usable = (v: unknown): v is string | number => (typeof v === 'string' && v !== TOAST_PLACEHOLDER) || typeof v === 'number';

/**
 * The columns whose value differs between the images. A column absent from the before image (an identity that
 * logs only the key) counts as changed; the TOAST placeholder on either side means "not changed, not sent".
 */
export function changedColumns(before: Row, after: Row): Set<string> {
  const changed = new Set<string>();
  for (const column of Object.keys(after)) {
    const [old, now] = [before[column], after[column]];
    if (old === TOAST_PLACEHOLDER || now === TOAST_PLACEHOLDER) continue;
    if (!(column in before) || !same(old, now)) changed.add(column);
  }
  return changed;
}

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
