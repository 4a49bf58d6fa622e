import { ordersProjection } from './orders/orders.js';
import { column } from './define.js';
import { indexMapping } from './mapping.js';
import { describeDiff, diffMappings, isSameMapping } from './mappingDiff.js';

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
});
