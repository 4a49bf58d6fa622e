import { nextVersion, versionsToRetire } from './indexVersions.js';

describe('the version a rebuild builds: max(declared, highest existing + 1)', () => {
  it('given a bumped declaration over v1, then the declared version', () => expect(nextVersion(3, [1])).toBe(3));
  it('given the declared version already exists, then the next free number', () => expect(nextVersion(1, [1])).toBe(2));
  it('given code behind the cluster, then the number after the highest existing one', () => expect(nextVersion(2, [1, 4])).toBe(5));
  it('given the declared version equals highest + 1, then it (the two rules agree)', () => expect(nextVersion(2, [1])).toBe(2));
  it('given nothing exists, then the declared version', () => expect(nextVersion(4, [])).toBe(4));
  it('given nothing exists and a version below 1, then 1', () => expect(nextVersion(0, [])).toBe(1));
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
