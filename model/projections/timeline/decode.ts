// A message of `sluice.events.order` as the outbox event router writes it (docs/events.md): key = order id, value =
// the payload as JSON text, headers eventId, eventType, occurredAt and xid. Pure.
import type { IncomingMessage } from '../../change/message.js';
import type { DecodedEvent } from '../eventDeclaration.js';
import type { TimelineEvent } from './fold.js';

/** The document id is the order id (the message key). */
export function decodeEvent(partition: number, m: IncomingMessage): DecodedEvent<TimelineEvent> {
  const h = m.headers ?? {};
  const [eventId, type, occurredAt] = [h['eventId'], h['eventType'], h['occurredAt']];
  if (!m.key) return { ok: false, reason: 'event without a key (the order id)' };
  if (!eventId || !type || !occurredAt || Number.isNaN(Date.parse(occurredAt))) return { ok: false, reason: 'event without eventId, eventType or a valid occurredAt header' };
  let facts: unknown;
  try {
    facts = JSON.parse(m.value ?? 'null');
  } catch {
    return { ok: false, reason: 'event payload is not JSON' };
  }
  if (typeof facts !== 'object' || facts === null || Array.isArray(facts)) return { ok: false, reason: 'event payload is not a JSON object' };
  return {
    ok: true,
    id: m.key,
    event: { eventId, type, occurredAt: new Date(occurredAt).toISOString(), xid: h['xid'] ?? null, partition, offset: m.offset, facts: facts as Record<string, unknown> },
  };
}
