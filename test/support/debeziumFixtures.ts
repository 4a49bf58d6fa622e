// Loads captured-style Debezium envelopes from test/fixtures/debezium as raw Kafka record values.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const fixtureText = (name: string): string =>
  readFileSync(join(process.cwd(), 'test', 'fixtures', 'debezium', `${name}.json`), 'utf8');

let offset = 0;

/** A raw record as the Kafka adapter hands it over; offsets increase so coordinates stay distinct. */
export function fixtureRecord(name: string, table: string, value: string | null = fixtureText(name)) {
  offset += 1;
  return { topic: `sluice.public.${table}`, partition: 0, offset: String(offset), value };
}
