import { ordersProjection } from './orders/orders.js';
import { column } from './define.js';
import { indexMapping } from './mapping.js';
import { describeDiff, diffMappings, isSameMapping, updatableInPlace } from './mappingDiff.js';

describe('mapping diff', () => {
  it('given the same mapping with keys reordered, then nothing differs', () => {
    const code = indexMapping(ordersProjection);
    const echoed = JSON.parse(JSON.stringify({ properties: (code as { properties: object }).properties, dynamic: 'strict' })) as unknown;
    expect(isSameMapping(diffMappings(echoed, code))).toBe(true);
  });

  it('given a field added in code, then it is reported by path', () => {
    const variant = { ...ordersProjection, fields: { ...ordersProjection.fields, channel: column('status', 'keyword') } };
    const diff = diffMappings(indexMapping(ordersProjection), indexMapping(variant));
    expect(diff).toEqual({ added: ['channel'], removed: [], changed: [] });
    expect(describeDiff(diff)).toBe('added channel');
  });

  it('given a type change inside a nested field, then the nested path is reported as changed', () => {
    const live = { dynamic: 'strict', properties: { lines: { type: 'nested', properties: { quantity: { type: 'long' } } } } };
    const code = { dynamic: 'strict', properties: { lines: { type: 'nested', properties: { quantity: { type: 'integer' } } } } };
    expect(diffMappings(live, code)).toEqual({ added: [], removed: [], changed: ['lines.quantity'] });
  });

  // An index made before integer fields were mapped with `coerce: false` (docs/reliability.md T23) is updated where
  // it stands; a type change still needs a rebuild.
  it('given only coerce differing, then the mapping is updatable in place, and not with a type change beside it', () => {
    const lines = (quantity: object) => ({ dynamic: 'strict', properties: { lines: { type: 'nested', properties: { quantity } } } });
    expect(updatableInPlace(lines({ type: 'long' }), lines({ type: 'long', coerce: false }))).toBe(true);
    expect(updatableInPlace(lines({ type: 'long' }), lines({ type: 'integer', coerce: false }))).toBe(false);
    expect(updatableInPlace(lines({ type: 'long', coerce: false }), lines({ type: 'long', coerce: false }))).toBe(false);
  });
});
