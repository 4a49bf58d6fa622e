// Reads what really sits on a topic, from given offsets up to the ends the topic had when called, without reading its
// whole history: where a dead letter's coordinates point, which partition a change landed on. And the dead letters a
// projector parked, parsed, read from its dead-letter topic up to its current end.
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { waitFor } from '../lib/waitFor.js';

export interface TopicRecord {
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
}

/** A dead letter as the projector writes it (projector/ports.ts DeadLetter). */
export interface ParkedLetter {
  topic: string;
  partition: number;
  offset: string;
  reason: string;
  detail: string;
  value?: string | null;
}

async function topicEnds(kafka: Kafka, topic: string): Promise<Map<number, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
  } finally {
    await admin.disconnect();
  }
}

/** The records of `topic` at and after `from` (partition to first offset), in partition and offset order. */
export async function readFrom(kafka: Kafka, topic: string, from: ReadonlyMap<number, string | number>): Promise<TopicRecord[]> {
  const ends = await topicEnds(kafka, topic);
  const wanted = new Map([...from].map(([p, o]) => [p, Number(o)] as const).filter(([p, o]) => o < (ends.get(p) ?? 0)));
  const out: TopicRecord[] = [];
  if (wanted.size === 0) return out;
  const remaining = new Set(wanted.keys());
  const consumer = kafka.consumer({ groupId: `read-${randomUUID()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const [start, end, offset] = [wanted.get(partition), ends.get(partition) ?? 0, Number(message.offset)];
        if (start === undefined || offset < start || offset >= end) return;
        out.push({ partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value?.toString() ?? null });
        if (offset + 1 >= end) remaining.delete(partition);
      },
    });
    for (const [partition, offset] of wanted) consumer.seek({ topic, partition, offset: String(offset) });
    await waitFor(() => remaining.size === 0, { timeoutMs: 60_000, intervalMs: 50, description: `${topic} read up to its end` });
  } finally {
    await consumer.disconnect();
  }
  return out.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
}

/** The one record at a coordinate, or undefined if the topic holds none there. */
export async function recordAt(kafka: Kafka, topic: string, partition: number, offset: string): Promise<TopicRecord | undefined> {
  return (await readFrom(kafka, topic, new Map([[partition, offset]]))).find((r) => r.offset === offset);
}

/** Every dead letter on `dlqTopic` (one partition, as the projector creates it), oldest first. */
export async function deadLetters(kafka: Kafka, dlqTopic: string): Promise<ParkedLetter[]> {
  const records = await readFrom(kafka, dlqTopic, new Map([[0, 0]]));
  return records.map((r) => JSON.parse(r.value ?? 'null') as ParkedLetter);
}
