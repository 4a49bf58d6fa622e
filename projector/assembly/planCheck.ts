// The projector's start-up plan check: per projection, a few roots are hydrated under EXPLAIN (ANALYZE, BUFFERS)
// and the cheapest must read at most PROJECTOR_PLAN_BUFFER_BOUND buffers; a plan above it (a table walked for a
// small document, usually a missing index) and every missing derived index are warned about with the fix. It never
// stops the projector: a slow plan is a cost, not a wrong document.
import type { Logger } from '../../lib/logger.js';
import type { Projection } from '../../model/projections/declaration.js';
import { checkIndexes, indexNeeds } from '../../model/projections/indexes.js';
import { scanLine } from '../../model/projections/planCost.js';
import { hydrationSql } from '../../model/projections/sql.js';
import { existingIndexes, type Queryable } from '../adapters/postgres/indexCatalog.js';
import { explainHydration, sampleRoots } from '../adapters/postgres/planProbe.js';

export interface PlanCheckParts {
  pool: Queryable;
  projections: readonly Projection[];
  /** Buffers one small document may read (0: no check). */
  bound: number;
  logger?: Logger;
  samples?: number;
}

export interface PlanCheck {
  projection: string;
  /** The cheapest sampled root's buffers, null when the root table is empty. */
  buffers: number | null;
  missing: string[];
}

async function checkOne(p: PlanCheckParts, projection: Projection): Promise<PlanCheck> {
  const needs = indexNeeds(projection);
  const checks = checkIndexes(needs, await existingIndexes(p.pool, [...new Set(needs.map((n) => n.table))]));
  const missing = checks.flatMap((c) => (c.ddl ? [c.ddl] : []));
  for (const c of checks.filter((x) => x.ddl)) {
    p.logger?.warn({ projection: projection.name, table: c.need.table, columns: c.need.columns, ddl: c.ddl }, `${c.need.why} has no index on ${c.need.table} (${c.need.columns.join(', ')}): run \`sluice apply\` (or: ${c.ddl})`);
  }
  const sql = hydrationSql(projection);
  const costs = [];
  for (const root of await sampleRoots(p.pool, projection, p.samples ?? 3)) costs.push({ ...(await explainHydration(p.pool, sql, [root.id])), rows: root.rows });
  const cheapest = costs.sort((a, b) => a.buffers - b.buffers)[0];
  if (cheapest && cheapest.buffers > p.bound) {
    // The row count lets the reader tell a table walk (few rows, many buffers) from documents that are all large.
    const reach = cheapest.rows === null ? '' : ` (it reaches ${cheapest.rows} row(s) through its first one-to-many hop)`;
    p.logger?.warn(
      { projection: projection.name, buffers: cheapest.buffers, rows: cheapest.rows, bound: p.bound, scans: cheapest.scans.map(scanLine), missing },
      `hydrating the smallest sampled ${projection.name} document reads ${cheapest.buffers} buffers${reach}, more than PROJECTOR_PLAN_BUFFER_BOUND=${p.bound}: see \`sluice projection describe ${projection.name}\``,
    );
  }
  return { projection: projection.name, buffers: cheapest?.buffers ?? null, missing };
}

/** Checks every projection in turn; a failing check is reported and skipped. */
export async function checkPlans(p: PlanCheckParts): Promise<PlanCheck[]> {
  if (p.bound <= 0) return [];
  const out: PlanCheck[] = [];
  for (const projection of p.projections) {
    try {
      out.push(await checkOne(p, projection));
    } catch (error) {
      p.logger?.warn({ projection: projection.name, err: error }, 'hydration plan check failed; hydration itself is not affected');
    }
  }
  return out;
}
