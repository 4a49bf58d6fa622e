// Product rules (pure). A price change only affects future orders because order lines copy the unit price.
import { ConflictError } from '../../../lib/errors.js';
import { checkVersion, MAX_STOCK } from '../commandFields.js';
import type { Product, ProductFact } from './aggregate.js';
import type { AddProduct, ChangeProductPrice, RenameProduct, RestockProduct } from './schemas.js';

export function decideAddProduct(command: AddProduct, id: string): ProductFact {
  return { type: 'ProductAdded', product: { id, ...command, version: 1 } };
}

const next = (current: Product, change: Partial<Product>): Product => ({ ...current, ...change, version: current.version + 1 });

export function decideRenameProduct(current: Product, command: RenameProduct): ProductFact {
  checkVersion('product', current.version, command.expectedVersion);
  return { type: 'ProductRenamed', product: next(current, { name: command.name }) };
}

export function decideChangeProductPrice(current: Product, command: ChangeProductPrice): ProductFact {
  checkVersion('product', current.version, command.expectedVersion);
  return { type: 'ProductPriceChanged', product: next(current, { priceCents: command.priceCents }) };
}

export function decideRestockProduct(current: Product, command: RestockProduct): ProductFact {
  checkVersion('product', current.version, command.expectedVersion);
  if (current.stock + command.quantity > MAX_STOCK) {
    throw new ConflictError(`stock would exceed ${MAX_STOCK}`, 'stock-limit');
  }
  return { type: 'ProductRestocked', product: next(current, { stock: current.stock + command.quantity }) };
}
