import type { Product } from './aggregate.js';
import { ConflictError } from '../../../lib/errors.js';
import { MAX_STOCK } from '../commandFields.js';
import * as rules from './decide.js';

const product: Product = { id: 'p1', sku: 'SKU-1', name: 'Lamp', category: 'home', priceCents: 1999, stock: 4, version: 2 };

describe('product rules', () => {
  it('given a new sku, when added, then version 1', () => {
    expect(rules.decideAddProduct({ sku: 'S', name: 'N', category: 'c', priceCents: 1, stock: 0 }, 'p9').product).toMatchObject({ id: 'p9', version: 1 });
  });

  it('given a product, when restocked, then stock grows and version + 1', () => {
    expect(rules.decideRestockProduct(product, { productId: 'p1', quantity: 6 }).product).toMatchObject({ stock: 10, version: 3 });
  });

  it('given a product near the limit, when restocked past it, then stock-limit', () => {
    expect(() => rules.decideRestockProduct({ ...product, stock: MAX_STOCK }, { productId: 'p1', quantity: 1 })).toThrow(
      expect.objectContaining({ constructor: ConflictError, code: 'stock-limit' }),
    );
  });

  it('given a product, when renamed or repriced, then only that field changes', () => {
    expect(rules.decideRenameProduct(product, { productId: 'p1', name: 'Desk lamp' }).product).toEqual({ ...product, name: 'Desk lamp', version: 3 });
    expect(rules.decideChangeProductPrice(product, { productId: 'p1', priceCents: 2500 }).product).toEqual({ ...product, priceCents: 2500, version: 3 });
  });

  it('given version 2, when expectedVersion 1, then version-conflict', () => {
    expect(() => rules.decideRenameProduct(product, { productId: 'p1', name: 'x', expectedVersion: 1 })).toThrow(
      expect.objectContaining({ code: 'version-conflict' }),
    );
  });
});
