// The pure core of the resolve stage: row changes in, dirty marks out (one per projection and root id), each
// carrying the source transactions that made it dirty so that hydrate can prove its snapshot sees them.
// Fan-out lookups are batched: one query per projection and dependency for the whole batch.
import type { RowChange } from '../../model/change/change.js';
import type { DirtyMark } from '../../model/change/dirtyMessage.js';
import type { Projection } from '../../model/projections/declaration.js';
import type { Dependency } from '../../model/projections/dependencies.js';
import { planDirty, type Lookup, type RouteDecision, type RoutingOptions } from '../../model/projections/routing.js';

/** Runs `request.sql` with the values as $1; the in-memory test double walks `request.dependency` instead. */
export type RunLookup = (
  request: { projection: Projection; dependency: Dependency; sql: string },
  values: readonly string[],
) => Promise<ReadonlyArray<{ id: string; via: string }>>;

type Marks = Map<string, DirtyMark>;

/** LSNs arrive as decimal strings without leading zeros: the longer one is larger, else the larger text. */
const laterLsn = (a: string, b: string): boolean => a.length > b.length || (a.length === b.length && a > b);

/** Marks `id` dirty in `projection` because of `change`; returns the mark's key, to count fan-out per change. */
function mark(marks: Marks, projection: string, id: string, change: RowChange): string {
  const { source } = change;
  const key = `${projection}\u0000${id}`;
  const existing = marks.get(key) ?? { projection, id, txIds: [], lsn: null, tsMs: null };
  // A snapshot read's rows were committed before the replication slot existed: any later snapshot sees them.
  if (change.kind !== 'read' && source.txId !== null && !existing.txIds.includes(source.txId)) existing.txIds.push(source.txId);
  if (source.lsn !== null && (existing.lsn === null || laterLsn(source.lsn, existing.lsn))) existing.lsn = source.lsn;
  if (source.tsMs !== null && (existing.tsMs === null || source.tsMs < existing.tsMs)) existing.tsMs = source.tsMs;
  marks.set(key, existing);
  return key;
}

interface PendingLookup {
  projection: Projection;
  dependency: Dependency;
  sql: string;
  causes: Map<string, RowChange[]>;
}

function queue(pending: Map<string, PendingLookup>, projection: Projection, lookup: Lookup, change: RowChange): void {
  const key = `${projection.name}\u0000${lookup.sql}`;
  const entry = pending.get(key) ?? { projection, dependency: lookup.dependency, sql: lookup.sql, causes: new Map<string, RowChange[]>() };
  for (const value of lookup.values) entry.causes.set(String(value), [...(entry.causes.get(String(value)) ?? []), change]);
  pending.set(key, entry);
}

export interface Routing {
  marks: DirtyMark[];
  /** Per projection and dependency on the changed table: routed or skipped, and why. */
  decisions: Array<RouteDecision & { projection: string }>;
  /** Per change of a table some projection reads: the documents it dirtied across all projections (its amplification). */
  fanOut: Array<{ table: string; documents: number }>;
}

/** Routes a batch of changes: dirty marks, the routing decisions and each change's fan-out, for the metrics. */
export async function routeChanges(projections: readonly Projection[], changes: readonly RowChange[], runLookup: RunLookup, opts: RoutingOptions = {}): Promise<Routing> {
  const marks: Marks = new Map();
  const pending = new Map<string, PendingLookup>();
  const decisions: Routing['decisions'] = [];
  const touched = new Map<RowChange, Set<string>>();
  for (const change of changes) {
    for (const projection of projections) {
      const plan = planDirty(projection, change, opts);
      decisions.push(...plan.decisions.map((d) => ({ ...d, projection: projection.name })));
      if (plan.decisions.length > 0 && !touched.has(change)) touched.set(change, new Set<string>());
      for (const id of plan.direct) touched.get(change)!.add(mark(marks, projection.name, id, change));
      for (const lookup of plan.lookups) queue(pending, projection, lookup, change);
    }
  }
  // The fan-out lookups of a batch are independent reads: run them at once, then mark in a fixed order.
  const lookups = [...pending.values()];
  const found = await Promise.all(lookups.map(({ projection, dependency, sql, causes }) => runLookup({ projection, dependency, sql }, [...causes.keys()])));
  lookups.forEach(({ projection, causes }, i) => {
    for (const row of found[i]!) {
      for (const change of causes.get(row.via) ?? []) touched.get(change)!.add(mark(marks, projection.name, row.id, change));
    }
  });
  return { marks: [...marks.values()], decisions, fanOut: [...touched].map(([c, keys]) => ({ table: c.table, documents: keys.size })) };
}

export async function markDirty(projections: readonly Projection[], changes: readonly RowChange[], runLookup: RunLookup, opts: RoutingOptions = {}): Promise<DirtyMark[]> {
  return (await routeChanges(projections, changes, runLookup, opts)).marks;
}
