// Decodes one Debezium record (JsonConverter, schemas disabled) into a typed change, or a typed poison result
// with its cause. Pure: no driver, no I/O, never throws.
import type { Change, Decoded, Poison, PoisonReason, RecordCoordinates, Row, SourcePosition, TableName } from './change.js';
import type { CapturedTable } from '../projections/captured.js';
import { classifyTopic } from './topics.js';
import type { TopicNaming } from '../../lib/names.js';

export interface RawRecord extends RecordCoordinates {
  /** Debezium's record key: the row's primary key (replica identity) columns, `{"id":...}`. */
  key?: string | null;
  value: string | null;
}

type Tables = Readonly<Record<string, CapturedTable>>;

type Envelope = Readonly<Record<string, unknown>>;

const poison = (coordinates: RecordCoordinates, reason: PoisonReason, detail: string): Poison => ({
  kind: 'poison',
  reason,
  detail,
  coordinates: { ...coordinates },
});

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseEnvelope(value: string): Envelope | PoisonReason {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return 'not-json';
  }
  if (!isObject(parsed)) return 'not-an-envelope';
  // Tolerate a converter left with schemas.enable=true: the envelope is then under `payload`.
  if (isObject(parsed['payload']) && 'schema' in parsed) return parsed['payload'];
  return parsed;
}

const numberOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function sourcePosition(envelope: Envelope): SourcePosition {
  const source = isObject(envelope['source']) ? envelope['source'] : {};
  const lsn = source['lsn'];
  return {
    lsn: typeof lsn === 'number' || typeof lsn === 'string' ? String(lsn) : null,
    txId: numberOrNull(source['txId']),
    tsMs: numberOrNull(source['ts_ms']) ?? numberOrNull(envelope['ts_ms']),
  };
}

/**
 * The key columns, read from the record key rather than declared: Debezium keys every record by the table's primary
 * key (or replica identity index), so a table needs no key in any declaration. A keyless table (or a key that is
 * not a JSON object) has none to check.
 */
function keyColumns(key: string | null | undefined): string[] {
  if (!key) return [];
  const parsed = parseEnvelope(key);
  return typeof parsed === 'string' ? [] : Object.keys(parsed);
}

/** Checks an image against the columns the projections rely on; returns what is wrong, or null. */
function imageProblem(table: TableName, spec: CapturedTable, key: readonly string[], image: Row, requireAll: boolean): string | null {
  const required: readonly string[] = requireAll ? [...new Set([...key, ...spec.columns])] : key;
  const missing = required.filter((column) => !(column in image));
  if (missing.length > 0) {
    const row = key.map((column) => JSON.stringify(image[column] ?? null).replace(/^"|"$/g, '')).join(',');
    // The way back, named where the operator first sees the drift (docs/reliability.md T22).
    return `${table} image lacks column(s) ${missing.join(', ')}: the table no longer matches the declaration. Restore the column (or change the declaration and run \`sluice apply\`), then \`sluice reproject <projection> --root ${table}:${row}\` for each projection reading ${table}`;
  }
  const badKey = key.find((column) => typeof image[column] !== 'string' && typeof image[column] !== 'number');
  return badKey ? `${table}.${badKey} is not a usable key value` : null;
}

function rowChange(table: TableName, spec: CapturedTable, key: readonly string[], op: string, envelope: Envelope, at: RecordCoordinates): Decoded {
  const before = isObject(envelope['before']) ? envelope['before'] : null;
  const after = isObject(envelope['after']) ? envelope['after'] : null;
  const base = { table, source: sourcePosition(envelope), coordinates: { ...at } };
  const image = op === 'd' ? before : after;
  if (!image) return poison(at, 'missing-image', `op ${op} on ${table} without ${op === 'd' ? 'before' : 'after'} image`);
  const problem = imageProblem(table, spec, key, image, op !== 'd') ?? (before ? imageProblem(table, spec, key, before, false) : null);
  if (problem) return poison(at, 'schema-drift', problem);
  switch (op) {
    case 'c':
      return { ...base, kind: 'create', before: null, after: image };
    case 'r':
      return { ...base, kind: 'read', before: null, after: image };
    case 'u':
      return { ...base, kind: 'update', before, after: image };
    default:
      return { ...base, kind: 'delete', before: image, after: null };
  }
}

/** `tables`: the captured tables and their required columns (model/projections/captured.ts derives them). */
export function decodeRecord(record: RawRecord, naming: TopicNaming, tables: Tables): Decoded {
  const at: RecordCoordinates = { topic: record.topic, partition: record.partition, offset: record.offset };
  const topic = classifyTopic(record.topic, naming);
  if (topic.kind === 'heartbeat') return { kind: 'heartbeat', coordinates: at };
  if (record.value === null) return { kind: 'tombstone', coordinates: at };
  if (topic.kind === 'foreign') return poison(at, 'unknown-topic', `topic ${record.topic} is not a ${naming.prefix} CDC topic`);
  const envelope = parseEnvelope(record.value);
  if (typeof envelope === 'string') return poison(at, envelope, `value is ${envelope === 'not-json' ? 'not JSON' : 'not a JSON object'}`);
  const op = envelope['op'];
  if (typeof op !== 'string') return poison(at, 'missing-op', 'envelope has no op');
  if (op === 'm') return { kind: 'message', coordinates: at };
  const spec = Object.hasOwn(tables, topic.table) ? tables[topic.table] : undefined;
  if (!spec) return poison(at, 'unknown-table', `table ${topic.table} is not captured`);
  if (op === 't') return { kind: 'truncate', table: topic.table, source: sourcePosition(envelope), coordinates: at } satisfies Change;
  if (op !== 'c' && op !== 'r' && op !== 'u' && op !== 'd') return poison(at, 'unknown-op', `op ${op} is unknown`);
  return rowChange(topic.table, spec, keyColumns(record.key), op, envelope, at);
}
