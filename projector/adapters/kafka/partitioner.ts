// The partitioner of the dirty-mark producer: the same key -> partition mapping as the Java client's default
// (murmur2 of the key bytes, positive, modulo the partition count) and so as kafkajs' DefaultPartitioner, but in
// 32-bit integer arithmetic (Math.imul) instead of kafkajs' 64-bit Long objects. Under a catch-up the
// resolve stage produces a mark per document per chunk, and the Long-based hash with its allocations was a
// tenth of the projector's CPU. Keys always have a partition here: every dirty mark and dead letter is keyed.
import type { PartitionerArgs } from 'kafkajs';

const M = 0x5bd1e995;
const SEED = 0x9747b28c;

/** Kafka's murmur2 (org.apache.kafka.common.utils.Utils#murmur2), as a signed 32-bit integer. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const end = length - (length % 4);
  for (let i = 0; i < end; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const tail = length % 4;
  if (tail === 3) h ^= data[end + 2]! << 16;
  if (tail >= 2) h ^= data[end + 1]! << 8;
  if (tail >= 1) h = Math.imul(h ^ data[end]!, M);
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

const toPositive = (x: number): number => x & 0x7fffffff;

export function partitionFor(key: string | Uint8Array, partitions: number): number {
  return toPositive(murmur2(typeof key === 'string' ? Buffer.from(key) : key)) % partitions;
}

/** A kafkajs `createPartitioner`: an explicit partition wins, then the key's hash; unkeyed messages round-robin. */
export const createJavaCompatiblePartitioner = () => {
  let next = 0;
  return ({ partitionMetadata, message }: PartitionerArgs): number => {
    if (message.partition !== null && message.partition !== undefined) return message.partition;
    if (message.key !== null && message.key !== undefined) return partitionFor(message.key, partitionMetadata.length);
    return toPositive(next++) % partitionMetadata.length;
  };
};
