// The read models this deployment maintains, by name: the one list a projection is registered in, and what is
// derived from it for the whole deployment (the captured tables). The projector, the query API (its derived routes),
// the ops service and the `sluice` command all read it.
import { cdcTopic } from '../lib/names.js';
import type { TableName } from './change/change.js';
import { capturedTablesOf } from './projections/captured.js';
import type { Projection } from './projections/declaration.js';
import { customersProjection } from './projections/customers/customers.js';
import { ordersProjection } from './projections/orders/orders.js';
import { productsProjection } from './projections/products/products.js';

export const projections = [ordersProjection, customersProjection, productsProjection] as const satisfies readonly Projection[];

/** The registered names, derived from the list: adding a projection to it adds its name here. */
export type ProjectionName = (typeof projections)[number]['name'];

export const projectionNames: readonly ProjectionName[] = projections.map((p) => p.name);

export function projectionByName(name: string): Projection {
  const found = projections.find((p) => p.name === name);
  if (!found) throw new Error(`unknown projection ${name}: expected one of ${projections.map((p) => p.name).join(', ')}`);
  return found;
}

// Logical decoding carries no DDL, so a renamed or dropped column simply shows up missing in the next event: checking
// the columns the declarations read lets the decoder fail closed (dead-letter the event) instead of letting a
// projection silently null a field. Extra columns (ADD COLUMN) are tolerated: projections read Postgres, never the
// event body.
export const capturedTables = capturedTablesOf(projections);

/** The captured table names, in the order table.include.list and the publication list them. */
export const capturedTableNames: readonly TableName[] = Object.keys(capturedTables);

export const isTableName = (name: string): name is TableName => Object.hasOwn(capturedTables, name);

/** Debezium's change topic of every captured table under a topic prefix: the resolve stage's input, the one list. */
export const capturedTopics = (topicPrefix: string): string[] => capturedTableNames.map((t) => cdcTopic({ prefix: topicPrefix }, t));
