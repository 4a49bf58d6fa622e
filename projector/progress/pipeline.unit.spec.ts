import { caughtUp, newestHydrated, type Cycle } from './pipeline.js';
import type { Offsets, Watermarks } from './ports.js';

const offsets = (entries: Record<string, number[]>): Offsets =>
  new Map(Object.entries(entries).map(([topic, list]) => [topic, new Map(list.map((o, partition) => [partition, BigInt(o)]))]));
const marks = (high: Record<string, number[]>, low: Record<string, number[]> = {}): Watermarks => ({ high: offsets(high), low: offsets(low) });

describe('has a consumer group caught up with the watermarks?', () => {
  it('given commits at or past every high watermark, then yes', () => expect(caughtUp(marks({ a: [5, 7] }), offsets({ a: [5, 9] }))).toBe(true));
  it('given one partition behind, then no', () => expect(caughtUp(marks({ a: [5, 7] }), offsets({ a: [5, 6] }))).toBe(false));
  it('given a partition with messages and no commit, then no', () => expect(caughtUp(marks({ a: [5], b: [1] }), offsets({ a: [5] }))).toBe(false));
  it('given an empty partition (high <= low) and no commit, then it does not hold anything up', () =>
    expect(caughtUp(marks({ a: [0, 3] }, { a: [0, 3] }), new Map())).toBe(true));
});

describe('which cycle may be published for a projection', () => {
  const cycle = (seq: number, orders: number, customers: number): Cycle => ({
    seq, snapshot: { xmin: 1n, xmax: 1n, xip: [] }, lsn: 0n, lsnText: '0/0', asOfMs: 0, stage: 'hydrate',
    dirtyTargets: marks({ 'd.orders': [orders], 'd.customers': [customers] }),
  });
  const cycles = [cycle(1, 3, 10), cycle(2, 4, 10), cycle(3, 9, 10)];

  it('given the hydrate group at 4 on the orders topic, then the newest cycle it covers is 2', () =>
    expect(newestHydrated(cycles, offsets({ 'd.orders': [4], 'd.customers': [0] }), ['d.orders'])?.seq).toBe(2));
  it('looks only at its own projection topic: customers behind does not hold orders back', () =>
    expect(newestHydrated(cycles, offsets({ 'd.orders': [9] }), ['d.orders'])?.seq).toBe(3));
  it('given nothing hydrated yet, then none', () => expect(newestHydrated(cycles, offsets({ 'd.customers': [10] }), ['d.orders'])).toBeUndefined());
  it('ignores cycles that have not reached the hydrate stage', () =>
    expect(newestHydrated([{ ...cycle(4, 0, 0), stage: 'resolve' }], offsets({ 'd.orders': [9] }), ['d.orders'])).toBeUndefined());
});
