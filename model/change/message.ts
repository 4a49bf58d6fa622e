// A record as the projector's stages receive it from Kafka: the transport shape that every decoder of the change
// contract (table changes, dirty marks, domain events) reads, whatever client delivered it.

export interface IncomingMessage {
  offset: string;
  /** When Kafka appended it (CreateTime set by the producer), in ms; null when unknown. */
  timestampMs?: number | null;
  key: string | null;
  value: string | null;
  /** Kafka headers as UTF-8 strings (the domain events carry eventId, eventType, occurredAt and xid there). */
  headers?: Readonly<Record<string, string>>;
}
