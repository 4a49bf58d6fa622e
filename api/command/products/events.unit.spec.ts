// Product events: each change says what it was before, and a restock says how much came in and the stock after.
import type { Product } from './aggregate.js';
import { EVENTS } from '../../events/schemas.js';
import * as rules from './decide.js';
import { productEvents } from './events.js';

const P1 = '00000000-0000-4000-8000-000000000001';
const lamp: Product = { id: P1, sku: 'SKU-1', name: 'Lamp', category: 'home', priceCents: 1999, stock: 4, version: 2 };

const only = (events: ReturnType<typeof productEvents>) => {
  expect(events).toHaveLength(1);
  expect(EVENTS[events[0]!.type].payload.safeParse(events[0]!.payload).success).toBe(true);
  return events[0];
};

describe('product events', () => {
  it('given a product added, then ProductAdded with its catalogue data, keyed by the product', () => {
    const fact = rules.decideAddProduct({ sku: 'SKU-1', name: 'Lamp', category: 'home', priceCents: 1999, stock: 4 }, P1);
    expect(only(productEvents(fact))).toEqual({
      type: 'ProductAdded', aggregateType: 'product', aggregateId: P1,
      payload: { productId: P1, sku: 'SKU-1', name: 'Lamp', category: 'home', priceCents: 1999, stock: 4 },
    });
  });

  it('given a rename and a price change, then the new and the previous value', () => {
    expect(only(productEvents(rules.decideRenameProduct(lamp, { productId: P1, name: 'Desk lamp' }), lamp))?.payload).toEqual({ productId: P1, name: 'Desk lamp', previousName: 'Lamp' });
    expect(only(productEvents(rules.decideChangeProductPrice(lamp, { productId: P1, priceCents: 2499 }), lamp))?.payload).toEqual({ productId: P1, priceCents: 2499, previousPriceCents: 1999 });
  });

  it('given a restock of 6 onto 4, then ProductRestocked with quantity 6 and stock 10', () => {
    expect(only(productEvents(rules.decideRestockProduct(lamp, { productId: P1, quantity: 6 }), lamp))).toMatchObject({ type: 'ProductRestocked', payload: { productId: P1, quantity: 6, stock: 10 } });
  });

  it('given a change without the previous state, then it refuses rather than guess', () => {
    expect(() => productEvents(rules.decideRenameProduct(lamp, { productId: P1, name: 'X' }))).toThrow(/before/);
  });
});
