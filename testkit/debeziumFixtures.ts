// Loads captured-style Debezium envelopes from test/fixtures/debezium as raw Kafka record values.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cdcTopic, DEFAULT_TOPIC_PREFIX } from '../lib/names.js';

export const fixtureText = (name: string): string =>
  readFileSync(join(process.cwd(), 'test', 'fixtures', 'debezium', `${name}.json`), 'utf8');

let offset = 0;

/** The record key Debezium sends with an image: the table's primary key columns (order_lines: both ids). */
export function fixtureKey(table: string, value: string | null): string | null {
  const columns = table === 'order_lines' ? ['order_id', 'product_id'] : ['id'];
  const envelope = value ? (JSON.parse(value) as { before?: Record<string, unknown> | null; after?: Record<string, unknown> | null }) : {};
  const image = envelope.after ?? envelope.before;
  return image && typeof image === 'object' ? JSON.stringify(Object.fromEntries(columns.map((c) => [c, image[c]]))) : null;
}

/** A raw record as the Kafka adapter hands it over; offsets increase so coordinates stay distinct. */
export function fixtureRecord(name: string, table: string, value: string | null = fixtureText(name), key: string | null = safeKey(table, value)) {
  offset += 1;
  return { topic: cdcTopic({ prefix: DEFAULT_TOPIC_PREFIX }, table), partition: 0, offset: String(offset), key, value };
}

function safeKey(table: string, value: string | null): string | null {
  try {
    return fixtureKey(table, value);
  } catch {
    return null; // not JSON: the decoder must say so from the value
  }
}
