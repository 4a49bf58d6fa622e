// Which documents a change dirties, derived from the projection's declaration. Every table a projection reads is
// a dependency, reached from the root through a path of hops. Both images of a change are routed, so a
// re-parented or deleted child dirties its old and its new parent. When the changed row does not carry the root
// key itself, the fan-out is one set-based lookup (`... WHERE x = ANY($1)`) per dependency and batch.
import type { RowChange } from '../cdc/change.js';
import { TOAST_PLACEHOLDER, type TableName } from '../cdc/tables.js';
import type { Fields, Hop, Projection } from './define.js';

export interface Dependency {
  table: TableName;
  path: readonly Hop[];
}

/** A fan-out that needs Postgres: `sql` takes an array of key values as $1 and returns rows `{ id, via }`. */
export interface Lookup {
  dependency: Dependency;
  sql: string;
  values: readonly unknown[];
}

export interface DirtyPlan {
  direct: string[];
  lookups: Lookup[];
}

function collect(fields: Fields, path: readonly Hop[], out: Dependency[]): void {
  for (const field of Object.values(fields)) {
    if (field.kind === 'one' || field.kind === 'many') {
      const next = [...path, field.hop];
      out.push({ table: field.hop.table, path: next });
      collect(field.fields, next, out);
    } else if (field.kind === 'aggregate') {
      field.path.forEach((_, i) => out.push({ table: field.path[i]!.table, path: [...path, ...field.path.slice(0, i + 1)] }));
    }
  }
}

const signature = (d: Dependency): string => d.path.map((h) => `${h.table}.${h.key}=${h.parentKey}`).join('/');

/** The root plus every distinct path the projection reads through. */
export function dependencies(projection: Projection): Dependency[] {
  const out: Dependency[] = [{ table: projection.root.table, path: [] }];
  collect(projection.fields, [], out);
  const seen = new Set<string>();
  return out.filter((d) => !seen.has(signature(d)) && Boolean(seen.add(signature(d))));
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

/** Plans the dirty root ids for one change: ids known at once, and lookups to run for the rest. */
export function planDirty(projection: Projection, change: RowChange): DirtyPlan {
  const plan: DirtyPlan = { direct: [], lookups: [] };
  const images = [change.before, change.after].filter((image) => image !== null);
  for (const d of dependencies(projection).filter((dep) => dep.table === change.table)) {
    const column = keyColumn(projection, d);
    const values = [...new Set(images.map((image) => image[column]).filter(usable))];
    if (values.length === 0) continue;
    if (isDirect(projection, d)) plan.direct.push(...values.map(String));
    else plan.lookups.push({ dependency: d, sql: lookupSql(projection, d), values });
  }
  plan.direct = [...new Set(plan.direct)];
  return plan;
}
