import fc from 'fast-check';
import { createRequire } from 'node:module';
import { murmur2, partitionFor } from './partitioner.js';

// kafkajs' own (Long-based) murmur2 is the reference: the dirty-mark partitions must not move.
const reference = createRequire(import.meta.url)('kafkajs/src/producer/partitioners/default/murmur2.js') as (key: Buffer) => number;

describe('the dirty-mark partitioner', () => {
  it('hashes exactly like kafkajs (and so the Java client) for any key', () =>
    fc.assert(fc.property(fc.oneof(fc.uuid(), fc.string(), fc.uint8Array({ maxLength: 64 })), (key) => {
      const bytes = typeof key === 'string' ? Buffer.from(key) : Buffer.from(key);
      expect(murmur2(bytes)).toBe(reference(bytes));
    }), { numRuns: 2_000 }));

  it('matches known Java values', () => {
    // org.apache.kafka.common.utils.Utils.murmur2("21".getBytes()) == -973932308
    expect(murmur2(Buffer.from('21'))).toBe(-973932308);
    expect(partitionFor('21', 6)).toBe((-973932308 & 0x7fffffff) % 6);
  });
});
