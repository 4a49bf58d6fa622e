// The plan half of `sluice projection describe`: per hop (each `one`, `many` and aggregate field, hydrated alone
// with its root row) the plan's scans and buffers for the smallest and the largest root, the whole document's too,
// and the indexes the hops need: served by which, or missing with the DDL that creates it; plus indexes on the same
// tables that serve no hop (with their scan count: something else may read through them).
import type { Projection } from '../model/projections/declaration.js';
import { checkIndexes, indexNeeds, unneededIndexes, type IndexCheck } from '../model/projections/indexes.js';
import { scanLine, type PlanCost } from '../model/projections/planCost.js';
import { fieldHydrationSql, hydrationSql } from '../model/projections/sql.js';
import { projections } from '../model/registry.js';
import { existingIndexes, explainHydration, rootExtremes, type Queryable, type RootExtremes } from '../projector/operations.js';

export interface HopPlan {
  /** A field name, or `(document)` for the whole hydration. */
  field: string;
  smallest: PlanCost | null;
  largest: PlanCost | null;
}

export interface PlanDescription {
  roots: RootExtremes | null;
  hops: HopPlan[];
  indexes: IndexCheck[];
  unneeded: { table: string; name: string; scans: number; ddl: string }[];
}

export async function describePlans(db: Queryable, projection: Projection): Promise<PlanDescription> {
  const needs = indexNeeds(projection);
  const existing = await existingIndexes(db, [...new Set(needs.map((n) => n.table))]);
  const roots = await rootExtremes(db, projection);
  const explain = async (sql: string, id: string | undefined) => (id === undefined ? null : explainHydration(db, sql, [id]));
  const plan = async (field: string, sql: string): Promise<HopPlan> => ({ field, smallest: await explain(sql, roots?.smallest?.id), largest: await explain(sql, roots?.largest?.id) });
  const hops = [await plan('(document)', hydrationSql(projection))];
  for (const [name, field] of Object.entries(projection.fields)) {
    if (field.kind === 'one' || field.kind === 'many' || field.kind === 'aggregate') hops.push(await plan(name, fieldHydrationSql(projection, name)));
  }
  return {
    roots,
    hops,
    indexes: checkIndexes(needs, existing),
    // Unused by every projection, not just this one: another's hop may read through it.
    unneeded: unneededIndexes(projections.flatMap(indexNeeds), existing).map((i) => ({ table: i.table, name: i.name, scans: i.scans, ddl: `DROP INDEX CONCURRENTLY IF EXISTS ${i.name}` })),
  };
}

const costText = (c: PlanCost | null): string => (c ? `${c.buffers} buffers, ${c.executionMs.toFixed(2)} ms` : '-');

export function printPlans(d: PlanDescription, print: (line: string) => void): void {
  const r = d.roots;
  print(`\nhydration plans${r ? ` (roots sized by ${r.sizedBy} rows: smallest ${r.smallest?.id ?? '-'} with ${r.smallest?.rows ?? 0}, largest ${r.largest?.id ?? '-'} with ${r.largest?.rows ?? 0})` : ' (no one-to-many hop: every document is alike)'}`);
  for (const h of d.hops) {
    print(`  ${h.field.padEnd(20)} smallest ${costText(h.smallest)}; largest ${costText(h.largest)}`);
    for (const s of h.largest?.scans ?? h.smallest?.scans ?? []) print(`    ${scanLine(s)}`);
  }
  print('\nindexes the hops need');
  for (const c of d.indexes) {
    const what = `${c.need.table} (${c.need.columns.join(', ')})`;
    print(c.servedBy ? `  ok       ${what} by ${c.servedBy}  [${c.need.why}]` : `  MISSING  ${what}  [${c.need.why}]\n           ${c.ddl};  (sluice apply creates it)`);
  }
  for (const u of d.unneeded) print(`  unused   ${u.table}.${u.name} serves no hop (${u.scans} scans since the statistics reset; drop only if nothing else reads through it): ${u.ddl};`);
}
