// The transactional outbox (Debezium's outbox pattern): a command's domain events are inserted into `outbox` in
// the command's own transaction and deleted again right away. The WAL keeps the inserts, which is all the outbox
// connector reads (connectors/sluice-outbox.json; its publication does not even publish the deletes), so the table
// stays empty without a cleanup job, and an event exists exactly when the command's changes do: a refused or failed
// command rolls both back. The connector hands the jsonb text to Kafka unchanged (StringConverter): Debezium's JSON
// expansion would drop null fields, and `changed: { city: null }` (city cleared) would arrive as "nothing changed".
//
// Each row carries the committing transaction's xid (a column default, pg_current_xact_id(), so it is exact by
// construction). The command's position token cannot be stored: its LSN is read after COMMIT. The xid is the part
// of the token that identifies the write (lib/position.ts), so a consumer holding a token can relate the two.
import { EVENTS, type DomainEvent } from '../../../events/schemas.js';
import type { Tx } from './tx.js';

/** Checks every event against its published schema: an event that breaks the contract fails the command. */
function validated(events: readonly DomainEvent[]): DomainEvent[] {
  return events.map((event) => ({ ...event, payload: EVENTS[event.type].payload.parse(event.payload) }) as DomainEvent);
}

export async function appendEvents(tx: Tx, events: readonly DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = validated(events);
  // unnest keeps the array order, so events of one command reach the WAL, and their topic, in the order decided.
  const { rows: inserted } = await tx.query<{ id: string }>(
    `INSERT INTO outbox (aggregate_type, aggregate_id, event_type, schema_version, payload)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::jsonb[]) RETURNING id`,
    [
      rows.map((e) => e.aggregateType),
      rows.map((e) => e.aggregateId),
      rows.map((e) => e.type),
      rows.map((e) => EVENTS[e.type].schemaVersion),
      rows.map((e) => JSON.stringify(e.payload)),
    ],
  );
  // A second statement: a DELETE cannot see rows that a sibling CTE of the same statement inserted.
  await tx.query('DELETE FROM outbox WHERE id = ANY($1::uuid[])', [inserted.map((r) => r.id)]);
}
