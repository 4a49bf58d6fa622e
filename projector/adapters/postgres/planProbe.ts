// Runs a hydration under EXPLAIN (ANALYZE, BUFFERS) and finds the roots worth measuring: the smallest and the
// largest by the rows of their first one-to-many hop (a customer's orders, a product's lines). Read-only: EXPLAIN
// ANALYZE runs the SELECT, nothing else.
import type { Projection } from '../../../model/projections/declaration.js';
import { explainSql, planCost, type PlanCost } from '../../../model/projections/planCost.js';
import type { Queryable } from './indexCatalog.js';

export async function explainHydration(db: Queryable, sql: string, ids: readonly string[]): Promise<PlanCost> {
  const { rows } = await db.query<{ 'QUERY PLAN': unknown }>(explainSql(sql), [[...ids]]);
  return planCost(rows[0]?.['QUERY PLAN']);
}

/** The hop from the root whose row count sizes a document: the first `many` or aggregate path that starts at the root key. */
export function sizingHop(projection: Projection): { table: string; key: string } | null {
  for (const field of Object.values(projection.fields)) {
    const hop = field.kind === 'many' ? field.hop : field.kind === 'aggregate' ? field.path[0] : undefined;
    if (hop && hop.parentKey === projection.root.key) return { table: hop.table, key: hop.key };
  }
  return null;
}

export interface RootExtremes {
  /** `orders.customer_id`: what was counted. */
  sizedBy: string;
  smallest: { id: string; rows: number } | null;
  largest: { id: string; rows: number } | null;
}

/** One GROUP BY over the sizing hop's table: a diagnostic's cost, not one for every start. */
export async function rootExtremes(db: Queryable, projection: Projection): Promise<RootExtremes | null> {
  const hop = sizingHop(projection);
  if (!hop) return null;
  const sql = (order: 'ASC' | 'DESC') => `SELECT ${hop.key}::text AS id, count(*)::int AS rows FROM ${hop.table} GROUP BY ${hop.key} ORDER BY rows ${order}, ${hop.key} LIMIT 1`;
  const [smallest] = (await db.query<{ id: string; rows: number }>(sql('ASC'))).rows;
  const [largest] = (await db.query<{ id: string; rows: number }>(sql('DESC'))).rows;
  return { sizedBy: `${hop.table}.${hop.key}`, smallest: smallest ?? null, largest: largest ?? null };
}

/**
 * The smallest of a few roots, cheaply: the first `scan` in key order, each sized by one index count of its
 * sizing hop, the `count` smallest kept with their row counts (the projector's start-up check measures these).
 */
export async function sampleRoots(db: Queryable, projection: Projection, count: number, scan = 20): Promise<{ id: string; rows: number | null }[]> {
  const { key, table } = projection.root;
  const hop = sizingHop(projection);
  const size = hop ? `(SELECT count(*) FROM ${hop.table} h WHERE h.${hop.key} = r.${key})::int` : 'NULL::int';
  const sql = `SELECT id, rows FROM (SELECT r.${key}::text AS id, ${size} AS rows FROM ${table} r ORDER BY r.${key} LIMIT ${Math.max(1, Math.floor(scan))}) s ORDER BY rows NULLS FIRST, id LIMIT ${Math.max(1, Math.floor(count))}`;
  return (await db.query<{ id: string; rows: number | null }>(sql)).rows;
}
