import fc from 'fast-check';
import { toFullXid, versionOf } from './versioning.js';

// A model of Postgres' xid bookkeeping: transactions start (take the next xid), finish in any order, and
// snapshots are (xmin, xmax = latestCompletedXid + 1, xip = running xids below xmax).
type Step = { op: 'begin' } | { op: 'end'; pick: number } | { op: 'snap' };
const step = fc.oneof(fc.constant<Step>({ op: 'begin' }), fc.nat().map((pick): Step => ({ op: 'end', pick })), fc.constant<Step>({ op: 'snap' }));

function run(steps: Step[]): Array<{ text: string; completed: Set<number> }> {
  let next = 3;
  let latestCompleted = 2;
  const running: number[] = [];
  const snaps: Array<{ text: string; completed: Set<number> }> = [];
  for (const s of steps) {
    if (s.op === 'begin') running.push(next++);
    else if (s.op === 'end' && running.length > 0) {
      const [xid] = running.splice(s.pick % running.length, 1);
      latestCompleted = Math.max(latestCompleted, xid!);
    } else if (s.op === 'snap') {
      const xmax = latestCompleted + 1;
      const xip = running.filter((x) => x < xmax).sort((a, b) => a - b);
      const completed = new Set(Array.from({ length: xmax }, (_, i) => i).filter((x) => !xip.includes(x)));
      snaps.push({ text: `${xip[0] ?? xmax}:${xmax}:${xip.join(',')}`, completed });
    }
  }
  return snaps;
}

describe('snapshot versions', () => {
  it('never decrease, and are equal only for snapshots that see the same transactions', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200 }), (steps) => {
        const snaps = run(steps);
        for (let i = 1; i < snaps.length; i++) {
          const [a, b] = [snaps[i - 1]!, snaps[i]!];
          expect(versionOf(a.text) <= versionOf(b.text)).toBe(true);
          const same = a.completed.size === b.completed.size && [...a.completed].every((x) => b.completed.has(x));
          expect(versionOf(a.text) === versionOf(b.text)).toBe(same);
        }
      }),
    );
  });

  it('widens a 32-bit Debezium xid to the xid8 nearest the snapshot, across epochs', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n << 31n, max: 1n << 40n }), fc.integer({ min: -(2 ** 30), max: 2 ** 30 }), (xmax, delta) => {
        const full = xmax + BigInt(delta);
        expect(toFullXid(Number(full & 0xffffffffn), xmax)).toBe(full);
      }),
    );
  });
});
