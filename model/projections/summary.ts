// Incremental aggregates (docs/design.md decision 11): which aggregates a declaration maintains in summary rows, and
// which rows of their path's first table a batch of changes makes them refresh. Pure: the SQL is summarySql.ts, the
// transaction projector/summary/. A refresh recomputes a row's contribution from Postgres, never from the event's
// images, so a redelivered, reordered or superfluous refresh changes nothing: the images only say which rows to
// look at, which is why refreshing a superset of the rows (as the batched selections below do) is harmless.
import type { RowChange } from '../change/change.js';
import type { Field, FieldType, Hop, Projection } from './declaration.js';
import { changedIn } from './changedColumns.js';

/** Sluice's own schema in the application database: the summary tables live there and nowhere else. */
export const SUMMARY_SCHEMA = 'sluice';

type Aggregate = Extract<Field, { kind: 'aggregate' }>;

/** One incremental aggregate: its summary rows are keyed by `key`, which changes when its definition does. */
export interface SummaryField {
  key: string;
  projection: string;
  field: string;
  path: readonly Hop[];
  reads: readonly (readonly string[])[];
  type: FieldType;
  sql: (aliases: readonly string[]) => string;
  rowKey: readonly string[];
}

/** FNV-1a, 32 bits, as 8 hex digits: enough to tell two definitions of one field apart. */
function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

const definition = (a: Aggregate, rowKey: readonly string[]): string =>
  JSON.stringify({ path: a.path, sql: a.sql(a.path.map((_, i) => `a${i}`)), rowKey, type: a.type });

/** The projection's incremental aggregates, in declaration order. */
export function summaryFields(projection: Projection): SummaryField[] {
  return Object.entries(projection.fields).flatMap(([field, f]) => {
    if (f.kind !== 'aggregate' || !f.incremental) return [];
    const { rowKey } = f.incremental;
    const key = `${projection.name}.${field}#${fingerprint(definition(f, rowKey))}`;
    return [{ key, projection: projection.name, field, path: f.path, reads: f.reads, type: f.type, sql: f.sql, rowKey }];
  });
}

// Additive over the rows of the first table and 0 over none: the value over all rows is the sum of each row's.
const ADDITIVE = /^(count\(\*\)|coalesce\(sum\(.*\)( FILTER \(WHERE .*\))?, 0\))$/s;

function aggregateProblems(name: string, f: Aggregate): string[] {
  const problems: string[] = [];
  if (f.latest !== undefined || f.array) problems.push(`aggregate ${name} cannot be incremental: only count and sum are`);
  else if (!ADDITIVE.test(f.sql(f.path.map((_, i) => `a${i}`)))) problems.push(`aggregate ${name} cannot be incremental: its expression must be count(*) or coalesce(sum(...), 0), with or without FILTER`);
  if (f.path.length < 1 || f.path.length > 2) problems.push(`aggregate ${name} cannot be incremental: its path has ${f.path.length} hops, 1 or 2 are supported`);
  if (f.incremental && f.incremental.rowKey.length === 0) problems.push(`aggregate ${name}: incremental needs the row key of ${f.path[0]?.table}`);
  return problems;
}

/** Why an incremental declaration cannot be kept incrementally, in words; empty when sound. */
export function incrementalProblems(projection: Pick<Projection, 'fields'>): string[] {
  const top = Object.entries(projection.fields).flatMap(([name, f]) => (f.kind === 'aggregate' && f.incremental ? aggregateProblems(name, f) : []));
  const nested = (fields: Projection['fields'], prefix: string): string[] =>
    Object.entries(fields).flatMap(([name, f]) => {
      if (f.kind === 'aggregate' && f.incremental && prefix !== '') return [`aggregate ${prefix}${name} cannot be incremental: only aggregates at the top of the document can`];
      return f.kind === 'one' || f.kind === 'many' ? nested(f.fields, `${prefix}${name}.`) : [];
    });
  return [...top, ...nested(projection.fields, '')];
}

/** A row of the first table as summary rows name it: its key columns as text, joined by the unit separator. */
export const KEY_SEPARATOR = '\u001f';
const composedKey = (row: Readonly<Record<string, unknown>>, columns: readonly string[]): string | null =>
  columns.every((c) => row[c] !== null && row[c] !== undefined) ? columns.map((c) => String(row[c])).join(KEY_SEPARATOR) : null;

/** Which rows of a field's first table to refresh: named by key, and/or found by their link to the second table. */
export interface Selection {
  field: SummaryField;
  /** Composed keys of first-table rows (stored contributions are found by these, deleted rows included). */
  keys: Set<string>;
  /** Per key column, the values the keyed rows have: the first-table rows are looked up by all of them. */
  columns: Map<string, Set<string>>;
  /** Values of `path[1].parentKey`: the first-table rows linked to a changed second-table row. */
  parents: Set<string>;
}

const images = (c: RowChange) => [c.before, c.after].filter((r): r is NonNullable<typeof r> => r !== null);

/** True unless the change is an update whose before image shows none of `columns` changed. */
function touches(change: RowChange, columns: readonly string[]): boolean {
  const changed = changedIn(change);
  return changed === null || columns.some((c) => changed.has(c));
}

function selectionOf(out: Map<string, Selection>, field: SummaryField): Selection {
  const found = out.get(field.key) ?? { field, keys: new Set<string>(), columns: new Map(field.rowKey.map((c) => [c, new Set<string>()])), parents: new Set<string>() };
  out.set(field.key, found);
  return found;
}

/** The refreshes a batch of changes needs, one selection per field it touches. */
export function summaryRefreshes(fields: readonly SummaryField[], changes: readonly RowChange[]): Selection[] {
  const out = new Map<string, Selection>();
  for (const change of changes) {
    for (const field of fields) {
      const [first, second] = field.path;
      if (first && change.table === first.table && touches(change, [...(field.reads[0] ?? []), ...field.rowKey, first.key, ...(second ? [second.parentKey] : [])])) {
        const s = selectionOf(out, field);
        for (const row of images(change)) {
          const key = composedKey(row, field.rowKey);
          if (key === null) continue;
          s.keys.add(key);
          for (const c of field.rowKey) s.columns.get(c)!.add(String(row[c]));
        }
      }
      if (second && change.table === second.table && touches(change, [...(field.reads[1] ?? []), second.key])) {
        const s = selectionOf(out, field);
        for (const row of images(change)) if (row[second.key] !== null && row[second.key] !== undefined) s.parents.add(String(row[second.key]));
      }
    }
  }
  return [...out.values()].filter((s) => s.keys.size > 0 || s.parents.size > 0);
}
