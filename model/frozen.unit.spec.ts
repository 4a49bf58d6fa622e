import { frozenReason, unfreezeCommand, versionNote } from './frozen.js';

describe('the command that unfreezes a projection', () => {
  it('given the declaration was bumped above the live version, then the plain rebuild (it builds the declared version)', () =>
    expect(unfreezeCommand('orders', { index: 'orders_v2', declared: 3 })).toBe('sluice rebuild orders'));

  it('given the mapping changed without a bump (declared = live), then a rebuild into the next version, since the plain one is refused', () =>
    expect(unfreezeCommand('orders', { index: 't-orders_v1', declared: 1 })).toBe('sluice rebuild orders --version 2'));

  it('given code older than the live index, then a rebuild above the live version', () =>
    expect(unfreezeCommand('orders', { index: 'orders_v3', declared: 1 })).toBe('sluice rebuild orders --version 4'));

  it('given the versions are not known, then the plain rebuild', () => {
    expect(unfreezeCommand('orders')).toBe('sluice rebuild orders');
    expect(unfreezeCommand('orders', { index: 'orders_v1', declared: null })).toBe('sluice rebuild orders');
  });

  it('given no bump, then the sentence names the repair command and the bump', () =>
    expect(frozenReason('products', { index: 'products_v1', difference: 'removed legacy_code', declared: 1 })).toBe(
      'projection products is frozen: index products_v1 has a different mapping from the declaration (removed legacy_code); ' +
        'run `sluice rebuild products --version 2`, or bump `version` in the declaration (now 1) to 2 and run `sluice rebuild products`',
    ));

  it('given a bump, then the sentence names the plain rebuild only', () =>
    expect(frozenReason('orders', { index: 'orders_v1', difference: 'added channel', declared: 2 })).toBe(
      'projection orders is frozen: index orders_v1 has a different mapping from the declaration (added channel); run `sluice rebuild orders`',
    ));
});

describe('a live index named after another version than the declared one, with the same mapping', () => {
  it('given a bump without a mapping change, then the note names the rebuild that builds the declared version', () =>
    expect(versionNote('orders', { index: 't-orders_v2', declared: 3 })).toBe(
      'projection orders declares version 3 but its live index is t-orders_v2 (same mapping, still written); `sluice rebuild orders` builds t-orders_v3',
    ));

  it('given code older than the live index, then the note says a rebuild needs a bump', () =>
    expect(versionNote('orders', { index: 'orders_v4', declared: 2 })).toContain('`sluice rebuild orders` is refused until `version` is bumped above 4 (`--version 5` rebuilds this declaration anyway)'));

  it('given the versions agree, then no note', () => expect(versionNote('orders', { index: 'orders_v3', declared: 3 })).toBeUndefined());
});
