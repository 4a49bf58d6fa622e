import { producerSessionOver, slices } from './producer.js';

describe('producerSessionOver', () => {
  // The shapes kafkajs gives: a protocol error with its `type`, wrapped by the retrier in `originalError`.
  const protocol = (type: string) => Object.assign(new Error('broker said no'), { name: 'KafkaJSProtocolError', type });
  const retriesExceeded = (inner: Error) => Object.assign(new Error(inner.message), { name: 'KafkaJSNumberOfRetriesExceeded', originalError: inner });

  it('recognises the errors after which an idempotent producer never recovers, also wrapped in retries', () => {
    expect(producerSessionOver(protocol('OUT_OF_ORDER_SEQUENCE_NUMBER'))).toBe(true);
    expect(producerSessionOver(retriesExceeded(protocol('UNKNOWN_PRODUCER_ID')))).toBe(true);
    expect(producerSessionOver(new Error('wrapped', { cause: protocol('INVALID_PRODUCER_EPOCH') }))).toBe(true);
  });

  it('leaves ordinary failures to the ordinary retry', () => {
    expect(producerSessionOver(protocol('REQUEST_TIMED_OUT'))).toBe(false);
    expect(producerSessionOver(new Error('connection refused'))).toBe(false);
  });
});

describe('produce slices', () => {
  it('keeps order and bounds each slice by bytes as well as by count', () => {
    const big = Array.from({ length: 300 }, (_, i) => ({ key: `k${i}`, value: 'x'.repeat(5_000) }));
    const out = slices(big);

    expect(out.flat()).toEqual(big);
    expect(Math.max(...out.map((s) => s.reduce((n, m) => n + m.key.length + m.value.length, 0)))).toBeLessThanOrEqual(512 * 1024);
    expect(out.length).toBeGreaterThan(1);
  });
});
