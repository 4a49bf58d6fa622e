// What verify compares the index with: the documents some roots should have, built inside the caller's snapshot.
// By default the projection's own hydration SQL (what `sluice verify` checks the live pipeline against); tests and
// the fault suite pass a second, independently written builder, so that a bug in the projection's SQL cannot hide
// behind the very code it would be checked by.
import type { Doc } from '../../model/bulk/bulkPlan.js';
import type { Projection } from '../../model/projections/declaration.js';
import { hydrationSql } from '../../model/projections/sql.js';
import type { SqlSession } from '../ports.js';

/** Anything that runs a query: a session inside a snapshot, or a pool. */
export type SqlQueryable = Pick<SqlSession, 'query'>;

/** The documents of `ids` that exist (an absent root has no entry), keyed by id. */
export type ExpectedDocuments = (db: SqlQueryable, projection: Projection, ids: readonly string[]) => Promise<Map<string, Doc>>;

/** Incremental aggregates recomputed from the source rows, not read from their summary rows: a drifted summary differs. */
export const hydratedDocuments: ExpectedDocuments = async (db, projection, ids) =>
  new Map((await db.query<{ id: string; doc: Doc }>(hydrationSql(projection, { recompute: true }), [ids])).rows.map((r) => [r.id, r.doc]));
