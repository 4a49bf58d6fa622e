// The typed result of decoding one Kafka record from a Debezium topic. Events are triggers and positions only
// (docs/design.md decision 2): the images are used for routing keys, never copied into documents.
/** A captured table's name (schema public). A string: tables come from the projections' declarations, which a
 * deployment writes for its own schema, so no closed list exists for the type to name. */
export type TableName = string;

/** Debezium sends unchanged out-of-line (TOAST) values as this placeholder. It must never reach a document. */
export const TOAST_PLACEHOLDER = '__debezium_unavailable_value';

export type Row = Readonly<Record<string, unknown>>;

/** Where a record sat in Kafka: what a dead letter must carry so it can be found again. */
export interface RecordCoordinates {
  topic: string;
  partition: number;
  offset: string;
}

/** The position of the source transaction: for freshness metrics and the hydrate visibility check. */
export interface SourcePosition {
  lsn: string | null;
  txId: number | null;
  tsMs: number | null;
}

interface RowChangeBase {
  table: TableName;
  source: SourcePosition;
  coordinates: RecordCoordinates;
}

export type RowChange =
  | (RowChangeBase & { kind: 'create'; before: null; after: Row })
  | (RowChangeBase & { kind: 'read'; before: null; after: Row })
  | (RowChangeBase & { kind: 'update'; before: Row | null; after: Row })
  | (RowChangeBase & { kind: 'delete'; before: Row; after: null });

export type Change =
  | RowChange
  | { kind: 'truncate'; table: TableName; source: SourcePosition; coordinates: RecordCoordinates }
  | { kind: 'message'; coordinates: RecordCoordinates }
  | { kind: 'tombstone'; coordinates: RecordCoordinates }
  | { kind: 'heartbeat'; coordinates: RecordCoordinates };

export type PoisonReason =
  | 'not-json'
  | 'not-an-envelope'
  | 'missing-op'
  | 'unknown-op'
  | 'unknown-topic'
  | 'unknown-table'
  | 'missing-image'
  | 'schema-drift';

/** Anything the projector cannot understand: parked in the dead-letter topic with its cause, never retried. */
export interface Poison {
  kind: 'poison';
  reason: PoisonReason;
  detail: string;
  coordinates: RecordCoordinates;
}

export type Decoded = Change | Poison;

export const isRowChange = (decoded: Decoded): decoded is RowChange =>
  decoded.kind === 'create' || decoded.kind === 'read' || decoded.kind === 'update' || decoded.kind === 'delete';
