// The captured tables of this deployment: derived from the registered projections (projections/captured.ts),
// never listed by hand. Logical decoding carries no DDL, so a renamed or dropped column simply shows up missing in
// the next event: checking the columns the declarations read lets the decoder fail closed (dead-letter the event)
// instead of letting a projection silently null a field. Extra columns (ADD COLUMN) are tolerated: projections read
// Postgres, never the event body.
import { capturedTablesOf } from '../projections/captured.js';
import { projections } from '../projections/index.js';
import type { TableName } from './change.js';

export { TOAST_PLACEHOLDER, type TableName } from './change.js';

export const capturedTables = capturedTablesOf(projections);

/** The captured table names, in the order table.include.list and the publication list them. */
export const capturedTableNames: readonly TableName[] = Object.keys(capturedTables);

export const isTableName = (name: string): name is TableName => Object.hasOwn(capturedTables, name);
