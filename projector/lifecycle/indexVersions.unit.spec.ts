import { rebuildVersion, versionsToRetire } from './indexVersions.js';

const orders = (declared: number, requested?: number) => ({ projection: 'orders', versionPrefix: 'orders_v', declared, requested, command: 'sluice rebuild orders' });

describe('the version a rebuild builds: the one declared in code, or an explicit --version above every existing one', () => {
  it('given a bumped declaration over v1, then the declared version', () => expect(rebuildVersion(orders(3), [1])).toEqual({ version: 3, repair: false }));
  it('given nothing exists, then the declared version', () => expect(rebuildVersion(orders(4), [])).toEqual({ version: 4, repair: false }));
  it('given nothing exists and a version below 1, then 1', () => expect(rebuildVersion(orders(0), [])).toEqual({ version: 1, repair: false }));

  it('given the declared version already exists, then it is refused, naming the index and both ways forward', () => {
    const { refused } = rebuildVersion(orders(1), [1]);
    expect(refused).toContain('orders_v1 already exists');
    expect(refused).toContain('bump `version` in the declaration of orders to 2');
    expect(refused).toContain('`sluice rebuild orders --version 2`');
    expect(refused).toContain('a data repair');
  });

  it('given the declared version exists as a kept old version, then it is refused too', () =>
    expect(rebuildVersion(orders(1), [1, 2]).refused).toContain('orders_v1 already exists'));

  it('given code older than the cluster (declared below the highest existing), then it is refused', () =>
    expect(rebuildVersion(orders(2), [1, 4]).refused).toContain('says version 2, older than the existing orders_v4'));

  it('given --version above every existing version, then that version, a repair of the same declaration', () =>
    expect(rebuildVersion(orders(1, 2), [1])).toEqual({ version: 2, repair: true }));

  it('given --version equal to the highest existing, then it is refused', () =>
    expect(rebuildVersion(orders(1, 3), [1, 3]).refused).toContain('orders_v3 already exists'));

  it('given --version below the highest existing but free, then it is refused', () =>
    expect(rebuildVersion(orders(1, 2), [1, 3]).refused).toBe('--version 2 is not above the highest existing version orders_v3; pass --version <n> with n above 3 (`sluice rebuild orders --version 4`)'));

  it('given --version that is not a whole number above 0, then it is refused', () => {
    expect(rebuildVersion(orders(1, Number.NaN), []).refused).toContain('whole number');
    expect(rebuildVersion(orders(1, 0), []).refused).toContain('whole number');
  });
});

describe('old versions retired after the swap', () => {
  const v = (version: number, docs: number) => ({ version, docs });

  it('given keep 1 and two old versions with documents, then the older one is retired', () =>
    expect(versionsToRetire([v(1, 10), v(2, 10)], 1, false)).toEqual([1]));

  it('given an empty previous version and the default keep, then it is retired', () => expect(versionsToRetire([v(1, 0)], 1, false)).toEqual([1]));

  it('given an empty version, then it does not take the place of one with documents', () =>
    expect(versionsToRetire([v(1, 10), v(2, 0)], 1, false)).toEqual([2]));

  it('given an explicit --keep, then an empty version is kept like any other', () => expect(versionsToRetire([v(1, 0)], 1, true)).toEqual([]));

  it('given keep 0 (--drop-old), then every old version goes, newest first', () => expect(versionsToRetire([v(1, 5), v(2, 5)], 0, true)).toEqual([2, 1]));
});
