// An idempotent producer that waits for all in-sync replicas: a dirty mark or dead letter is only acknowledged
// when Kafka has it, and only then does the caller commit its input offsets.
import { ServiceError } from '../../../lib/errors.js';
import type { DeadLetterSink, Producer } from '../../ports.js';
import type { KafkaClient } from './client.js';

export interface ClosableProducer extends Producer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
}

// Well under the broker's default max message size (1 MiB) for one produce request.
const SLICE_MESSAGES = 2_000;
const SLICE_BYTES = 512 * 1024;

type Message = { key: string; value: string };

/** Consecutive slices bounded by count and by bytes, in order. */
export function slices(messages: readonly Message[]): Message[][] {
  const out: Message[][] = [];
  let current: Message[] = [];
  let bytes = 0;
  for (const m of messages) {
    const size = m.key.length + m.value.length;
    if (current.length && (current.length >= SLICE_MESSAGES || bytes + size > SLICE_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(m);
    bytes += size;
  }
  if (current.length) out.push(current);
  return out;
}

export function createProducer(kafka: KafkaClient): ClosableProducer {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  return {
    connect: () => producer.connect(),
    disconnect: () => producer.disconnect(),
    async send(topic, messages) {
      if (messages.length === 0) return;
      // One request per slice: a large fan-out (a customer with thousands of orders, a replay from offset 0) would
      // otherwise exceed the broker's max message size. Slices go in order through the idempotent producer.
      for (const slice of slices(messages)) {
        try {
          await producer.send({ topic, acks: -1, messages: slice.map((m) => ({ key: m.key, value: m.value })) });
        } catch (error) {
          throw new ServiceError(`kafka produce to ${topic} failed: ${(error as Error).message}`, { cause: error });
        }
      }
    },
  };
}

/** Dead letters keyed by their origin, with the cause in the value and the coordinates in both. */
export function createDeadLetterSink(producer: Producer, topic: string): DeadLetterSink {
  return {
    park: (letters) =>
      producer.send(
        topic,
        letters.map((l) => ({ key: `${l.topic}/${l.partition}/${l.offset}`, value: JSON.stringify({ ...l, parkedAt: new Date().toISOString() }) })),
      ),
  };
}
