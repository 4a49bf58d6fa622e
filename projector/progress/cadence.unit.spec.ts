import { describe, expect, it } from '@jest/globals';
import { nextPause } from './cadence.js';

const o = { fastMs: 25, idleMs: 1_000, graceMs: 1_000 };

describe('the tracker cadence', () => {
  it('stays at the fast pace within the grace period after movement', () => {
    expect(nextPause(o, 0, 25)).toBe(25);
    expect(nextPause(o, 999, 400)).toBe(25);
  });

  it('doubles the pause once nothing has moved for the grace period, up to the idle pause', () => {
    const pauses: number[] = [];
    let pause = 25;
    for (let i = 0; i < 8; i++) pauses.push((pause = nextPause(o, 5_000, pause)));
    expect(pauses).toEqual([50, 100, 200, 400, 800, 1_000, 1_000, 1_000]);
  });
});
