// An idempotent producer that waits for all in-sync replicas: a dirty mark or dead letter is only acknowledged
// when Kafka has it, and only then does the caller commit its input offsets.
import { ServiceError } from '../../../lib/errors.js';
import type { DeadLetterSink, Producer } from '../../ports.js';
import type { KafkaClient } from './client.js';

export interface ClosableProducer extends Producer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
}

const SLICE = 2_000;

export function createProducer(kafka: KafkaClient): ClosableProducer {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  return {
    connect: () => producer.connect(),
    disconnect: () => producer.disconnect(),
    async send(topic, messages) {
      if (messages.length === 0) return;
      // One request per slice: a large fan-out (a customer with thousands of orders, a replay from offset 0) would
      // otherwise exceed the broker's max message size. Slices go in order through the idempotent producer.
      for (let i = 0; i < messages.length; i += SLICE) {
        try {
          await producer.send({ topic, acks: -1, messages: messages.slice(i, i + SLICE).map((m) => ({ key: m.key, value: m.value })) });
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
