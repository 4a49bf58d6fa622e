// The AsyncAPI 3 document of the domain event topics, generated from the zod schemas in ./schemas.ts (zod's own
// JSON Schema output, draft-07, which is what AsyncAPI schemas are a superset of), so the contract the command API
// enforces and the one the document shows cannot drift apart. Served by the ops service at GET /asyncapi.json;
// validated against the official AsyncAPI 3.0.0 JSON Schema in asyncapi.unit.spec.ts.
import { z } from 'zod';
import { AGGREGATES, EVENTS, type AggregateType, type EventType } from './schemas.js';
import { eventTopic } from '../../lib/names.js';

const KAFKA_BINDING = '0.5.0';

const jsonSchema = (schema: z.ZodType): Record<string, unknown> => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-7' }) as Record<string, unknown>;
  return rest;
};

// Kafka headers are bytes; Connect's SimpleHeaderConverter writes every value as its plain string form.
const headers = (type: EventType) => ({
  type: 'object',
  required: ['eventId', 'eventType', 'schemaVersion', 'occurredAt', 'xid'],
  properties: {
    eventId: { type: 'string', format: 'uuid', description: 'Unique per event: deduplicate by it (delivery is at least once)' },
    eventType: { type: 'string', const: type },
    schemaVersion: { type: 'string', const: String(EVENTS[type].schemaVersion), description: 'Version of the payload schema' },
    occurredAt: { type: 'string', description: 'ISO 8601 start time of the command transaction' },
    xid: { type: 'string', pattern: '^[0-9]+$', description: "The command transaction's id, as in its position token" },
  },
});

const typesOf = (aggregate: AggregateType): EventType[] =>
  (Object.keys(EVENTS) as EventType[]).filter((type) => EVENTS[type].aggregate === aggregate);

function message(type: EventType) {
  const spec = EVENTS[type];
  return {
    name: type,
    title: type,
    summary: spec.summary,
    contentType: 'application/json',
    headers: headers(type),
    payload: jsonSchema(spec.payload),
    bindings: {
      kafka: {
        key: { type: 'string', format: 'uuid', description: `The ${spec.aggregate} id: one aggregate's events stay in order in one partition` },
        bindingVersion: KAFKA_BINDING,
      },
    },
  };
}

export function createEventsAsyncApi(bootstrap = '127.0.0.1:9092') {
  const channels = Object.fromEntries(
    AGGREGATES.map((aggregate) => [
      aggregate,
      {
        address: eventTopic(aggregate),
        title: `${aggregate} events`,
        description: `Every domain event of the ${aggregate} aggregate, keyed by its id; written by the Debezium outbox connector.`,
        messages: Object.fromEntries(typesOf(aggregate).map((type) => [type, { $ref: `#/components/messages/${type}` }])),
      },
    ]),
  );
  const operations = Object.fromEntries(
    AGGREGATES.map((aggregate) => [
      `publish-${aggregate}-events`,
      {
        action: 'send',
        summary: `Sluice publishes each committed ${aggregate} command's events, once per transaction, at least once`,
        channel: { $ref: `#/channels/${aggregate}` },
        messages: typesOf(aggregate).map((type) => ({ $ref: `#/channels/${aggregate}/messages/${type}` })),
      },
    ]),
  );
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Sluice domain events',
      version: '1.0.0',
      description: 'Business facts published through a transactional outbox. Consumer guide: docs/events.md.',
    },
    defaultContentType: 'application/json',
    servers: { local: { host: bootstrap, protocol: 'kafka', description: 'The Kafka broker of the local stack' } },
    channels,
    operations,
    components: { messages: Object.fromEntries((Object.keys(EVENTS) as EventType[]).map((type) => [type, message(type)])) },
  };
}
