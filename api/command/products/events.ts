// The domain events of the product slice, derived from the decided fact and the state it replaced, in this one
// place (pure). Stock reserved or returned by orders is part of the order events, not a product event.
import { domainEvent, type DomainEvent } from '../../events/schemas.js';
import type { Product, ProductFact } from './aggregate.js';

/** `previous` is the product before the change; undefined only for ProductAdded. */
export function productEvents(fact: ProductFact, previous?: Product): DomainEvent[] {
  const p = fact.product;
  if (fact.type === 'ProductAdded') {
    return [domainEvent('ProductAdded', p.id, { productId: p.id, sku: p.sku, name: p.name, category: p.category, priceCents: p.priceCents, stock: p.stock })];
  }
  if (!previous) throw new Error(`${fact.type} needs the product as it was before`);
  switch (fact.type) {
    case 'ProductRenamed':
      return [domainEvent('ProductRenamed', p.id, { productId: p.id, name: p.name, previousName: previous.name })];
    case 'ProductPriceChanged':
      return [domainEvent('ProductPriceChanged', p.id, { productId: p.id, priceCents: p.priceCents, previousPriceCents: previous.priceCents })];
    case 'ProductRestocked':
      return [domainEvent('ProductRestocked', p.id, { productId: p.id, quantity: p.stock - previous.stock, stock: p.stock })];
    default: {
      const unreachable: never = fact;
      throw new Error(`unhandled fact ${JSON.stringify(unreachable)}`);
    }
  }
}
