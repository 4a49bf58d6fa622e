// The read models this deployment maintains, by name: the one list a read model is registered in, table-built
// (`projections`: rendered from Postgres rows) or event-built (`eventProjections`: folded from domain event topics),
// and what is derived from it for the whole deployment (the captured tables). The projector, the query API (its
// derived routes), the ops service and the `sluice` command all read it. Whatever is about rows (routing, captured
// tables, hydration SQL, hydrate) iterates `projections`; whatever every read model has (an alias, rebuild,
// verify, lag, read-your-writes) iterates `readModels`.
import { cdcTopic, eventTopic } from '../lib/names.js';
import type { TableName } from './change/change.js';
import { capturedTablesOf } from './projections/captured.js';
import type { Projection } from './projections/declaration.js';
import type { EventProjection } from './projections/eventDeclaration.js';
import { customersProjection } from './projections/customers/customers.js';
import { ordersProjection } from './projections/orders/orders.js';
import { productsProjection } from './projections/products/products.js';
import { ORDER_TIMELINE } from './projections/timeline/timeline.js';

/** The table-built projections. */
export const projections = [ordersProjection, customersProjection, productsProjection] as const satisfies readonly Projection[];

/** The event-built read models. */
export const eventProjections = [ORDER_TIMELINE] as const satisfies readonly EventProjection[];

export type ReadModel = Projection | EventProjection;

/** Every read model, table-built first. */
export const readModels: readonly ReadModel[] = [...projections, ...eventProjections];

/** The registered table-built names, derived from the list: adding a projection to it adds its name here. */
export type ProjectionName = (typeof projections)[number]['name'];
export type ReadModelName = ProjectionName | (typeof eventProjections)[number]['name'];

export const projectionNames: readonly ProjectionName[] = projections.map((p) => p.name);
export const readModelNames: readonly ReadModelName[] = readModels.map((m) => m.name as ReadModelName);

export const isEventBuilt = (m: ReadModel): m is EventProjection => m.kind === 'event';

const unknownName = (name: string, known: readonly string[]) => new Error(`unknown projection ${name}: expected one of ${known.join(', ')}`);

/** A table-built projection by name (an event-built name is refused: it has no tables to render from). */
export function projectionByName(name: string): Projection {
  const found = projections.find((p) => p.name === name);
  if (!found) throw unknownName(name, projectionNames);
  return found;
}

/** Any read model by name. */
export function readModelByName(name: string): ReadModel {
  const found = readModels.find((m) => m.name === name);
  if (!found) throw unknownName(name, readModelNames);
  return found;
}

/** The event topics an event-built read model folds under a topic prefix. */
export const sourceTopics = (m: EventProjection, topicPrefix: string): string[] => m.sources.map((a) => eventTopic(a, topicPrefix));

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
