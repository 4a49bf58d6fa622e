// An idempotent producer that waits for all in-sync replicas: a dirty mark or dead letter is only acknowledged
// when Kafka has it, and only then does the caller commit its input offsets.
import { ServiceError } from '../../../lib/errors.js';
import type { DeadLetterSink, Producer } from '../../ports.js';
import type { KafkaClient } from '../../../model/adapters/kafka/client.js';
import { createJavaCompatiblePartitioner } from './partitioner.js';

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

const bytesOf = (messages: readonly Message[]): number => messages.reduce((sum, m) => sum + m.key.length + m.value.length, 0);

/** Slices of every topic, packed into requests of at most SLICE_BYTES (a slice never spans two requests). */
export function requests(batches: ReadonlyArray<{ topic: string; messages: readonly Message[] }>): Array<Array<{ topic: string; messages: Message[] }>> {
  const out: Array<Array<{ topic: string; messages: Message[] }>> = [];
  let current: Array<{ topic: string; messages: Message[] }> = [];
  let bytes = 0;
  for (const { topic, messages } of batches) {
    for (const slice of slices(messages)) {
      const size = bytesOf(slice);
      if (current.length && bytes + size > SLICE_BYTES) {
        out.push(current);
        current = [];
        bytes = 0;
      }
      current.push({ topic, messages: slice });
      bytes += size;
    }
  }
  if (current.length) out.push(current);
  return out;
}

// An idempotent producer whose request timed out (a broker paused longer than the request timeout) can be left
// with a sequence number the broker no longer accepts: every later send fails with OUT_OF_ORDER_SEQUENCE_NUMBER and
// kafkajs never recovers on its own. These errors mean "this producer session is finished": the next send uses a
// new producer (a new producer id), and the caller's retry of the unsettled batch resends the marks (a duplicate
// dirty mark is harmless: hydration is idempotent).
const SESSION_OVER = new Set(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH']);

export function producerSessionOver(error: unknown): boolean {
  for (let e = error as { type?: string; originalError?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (e.type && SESSION_OVER.has(e.type)) return true;
    e = (e.originalError ?? e.cause) as typeof e;
  }
  return false;
}

export function createProducer(kafka: KafkaClient): ClosableProducer {
  const create = () => kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: createJavaCompatiblePartitioner });
  let producer = create();
  let renewing: Promise<void> | undefined;
  const renew = async (): Promise<void> => {
    const finished = producer;
    producer = create();
    await finished.disconnect().catch(() => undefined);
    await producer.connect();
  };
  // One request per packed group: a large fan-out (a customer with thousands of orders, a replay from offset 0)
  // would otherwise exceed the broker's max message size. Requests go in order through the idempotent producer.
  async function sendAll(batches: ReadonlyArray<{ topic: string; messages: readonly Message[] }>): Promise<void> {
    await renewing?.catch(() => undefined);
    for (const request of requests(batches.filter((b) => b.messages.length > 0))) {
      try {
        await producer.sendBatch({ acks: -1, topicMessages: request.map((r) => ({ topic: r.topic, messages: r.messages.map((m) => ({ key: m.key, value: m.value })) })) });
      } catch (error) {
        // A renewal that could not connect (the broker still away) leaves a disconnected producer: renew again.
        if (producerSessionOver(error) || /producer is disconnected/i.test((error as Error).message)) renewing ??= renew().finally(() => (renewing = undefined));
        throw new ServiceError(`kafka produce to ${request.map((r) => r.topic).join(', ')} failed: ${(error as Error).message}`, { cause: error });
      }
    }
  }
  return {
    connect: () => producer.connect(),
    disconnect: async () => {
      await renewing?.catch(() => undefined);
      await producer.disconnect();
    },
    send: (topic, messages) => sendAll([{ topic, messages }]),
    sendAll,
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
