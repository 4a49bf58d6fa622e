import fc from 'fast-check';
import { fromText, isVisible, parseSnapshot, toText } from './visibility.js';

describe('snapshot visibility', () => {
  const snap = parseSnapshot('100:105:101,103');

  it('given an xid below xmin, then it is visible', () => expect(isVisible(99n, snap)).toBe(true));
  it('given an xid at or above xmax, then it is not visible', () => {
    expect(isVisible(105n, snap)).toBe(false);
    expect(isVisible(1n << 40n, snap)).toBe(false);
  });
  it('given an xid between xmin and xmax, then it is visible unless in progress', () => {
    expect([100n, 101n, 102n, 103n, 104n].map((x) => isVisible(x, snap))).toEqual([true, false, true, false, true]);
  });
  it('parses a snapshot without in-progress transactions', () => expect(parseSnapshot('7:7:')).toEqual({ xmin: 7n, xmax: 7n, xip: [] }));
  it('round-trips through its JSON text form', () =>
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 1n << 62n }), fc.nat(1000), (xmin, width) => {
        const s = { xmin, xmax: xmin + BigInt(width), xip: width > 1 ? [xmin + 1n] : [] };
        expect(fromText(toText(s))).toEqual(s);
      }),
    ));
  it.each(['', 'a:b:', '5:4:', '1:2:x', '-1:2:'])('rejects the malformed snapshot %j', (text) => expect(() => parseSnapshot(text)).toThrow());
  it('agrees with the definition for every xid around a random snapshot', () =>
    fc.assert(
      fc.property(fc.nat(50), fc.nat(50), fc.array(fc.nat(50)), fc.nat(120), (a, w, inProgress, x) => {
        const s = { xmin: BigInt(a), xmax: BigInt(a + w), xip: inProgress.filter((i) => i >= a && i < a + w).map(BigInt) };
        const expected = BigInt(x) < s.xmin || (BigInt(x) < s.xmax && !s.xip.includes(BigInt(x)));
        expect(isVisible(BigInt(x), s)).toBe(expected);
      }),
    ));
});
