import { encodePosition } from '../../lib/position.js';
import { ValidationError } from '../../lib/errors.js';
import type { ProgressDoc } from '../../model/progress/progressDoc.js';
import { ConsistencyTimeoutError, TooManyWaitersError, covers, createConsistency } from './consistency.js';

const doc = (xmin: number, xmax: number, xip: number[] = [], asOf = '2026-01-01T00:00:00.000Z'): ProgressDoc => ({
  projection: 'orders', snapshot: { xmin: String(xmin), xmax: String(xmax), xip: xip.map(String) }, lsn: '0/1', asOf, lagMs: 5, publishedAt: asOf,
});
const token = (xid: number) => encodePosition({ xid: BigInt(xid), lsn: '0/16B3748' });

function fakeClock() {
  let t = Date.parse('2026-01-01T00:00:01.000Z');
  return { now: () => t, sleep: async (ms: number) => void (t += ms) };
}

describe('read-your-writes against the progress document', () => {
  it('covers an xid visible in the published snapshot, and not one in progress or after it', () => {
    expect(covers(doc(10, 20, [15]), 12n)).toBe(true);
    expect(covers(doc(10, 20, [15]), 15n)).toBe(false);
    expect(covers(doc(10, 20, [15]), 20n)).toBe(false);
    expect(covers(undefined, 1n)).toBe(false);
  });

  it('lets a get by id use the indexed snapshot, never a search', async () => {
    const acknowledged: ProgressDoc = { ...doc(1, 5), indexed: { snapshot: { xmin: '9', xmax: '9', xip: [] }, lsn: '0/2', asOf: '2026-01-01T00:00:00.500Z' } };
    expect(covers(acknowledged, 7n, 'get')).toBe(true);
    expect(covers(acknowledged, 7n, 'search')).toBe(false);
    expect(covers(acknowledged, 7n)).toBe(false);
    expect(covers(doc(1, 5), 7n, 'get')).toBe(false);
    const c = createConsistency({ fetchProgress: async () => acknowledged, ...fakeClock() });
    await expect(c.waitFor('orders', token(7), 5_000, 'get')).resolves.toBeUndefined();
    await expect(c.waitFor('orders', token(7), 1_000, 'search')).rejects.toBeInstanceOf(ConsistencyTimeoutError);
  });

  it('given progress that reaches the token later, when waiting, then it returns once covered', async () => {
    const clock = fakeClock();
    const docs = [doc(1, 5), doc(1, 5), doc(9, 9)];
    const c = createConsistency({ fetchProgress: async () => docs.shift() ?? doc(9, 9), ...clock });
    await expect(c.waitFor('orders', token(7), 5_000)).resolves.toBeUndefined();
  });

  it('given progress that never reaches the token, then a consistency timeout after waitMs', async () => {
    const clock = fakeClock();
    const c = createConsistency({ fetchProgress: async () => doc(1, 5), ...clock });
    const started = clock.now();
    await expect(c.waitFor('orders', token(7), 1_000)).rejects.toBeInstanceOf(ConsistencyTimeoutError);
    expect(clock.now() - started).toBeLessThanOrEqual(1_000);
  });

  it('given as many waiters as the cap, then the next wait is refused at once and a covered position still passes', async () => {
    let release: () => void = () => undefined;
    const parked = new Promise<void>((resolve) => (release = resolve));
    let published = doc(1, 5);
    const c = createConsistency({ fetchProgress: async () => published, sleep: () => parked, maxWaiters: 2 });
    const waits = [c.waitFor('orders', token(7), 5_000), c.waitFor('orders', token(7), 5_000)];
    await new Promise((resolve) => setImmediate(resolve));
    expect(c.waiting()).toBe(2);
    await expect(c.waitFor('orders', token(7), 5_000)).rejects.toBeInstanceOf(TooManyWaitersError);
    await expect(c.waitFor('orders', token(3), 5_000)).resolves.toBeUndefined();
    published = doc(9, 9);
    release();
    await expect(Promise.all(waits)).resolves.toEqual([undefined, undefined]);
    expect(c.waiting()).toBe(0);
  });

  it('given a malformed token, then a validation error before any wait', async () => {
    const c = createConsistency({ fetchProgress: async () => doc(1, 5), ...fakeClock() });
    await expect(c.waitFor('orders', 'v1.garbage', 1_000)).rejects.toBeInstanceOf(ValidationError);
  });

  it('reports freshness from the progress document: asOf as published, lag measured now', async () => {
    const c = createConsistency({ fetchProgress: async () => doc(1, 5), ...fakeClock() });
    expect(await c.freshness('orders')).toEqual({ lagMs: 1_000, asOf: '2026-01-01T00:00:00.000Z' });
  });

  it('given no progress published yet, then freshness says so with nulls', async () => {
    const c = createConsistency({ fetchProgress: async () => undefined, ...fakeClock() });
    expect(await c.freshness('orders')).toEqual({ lagMs: null, asOf: null });
  });
});
