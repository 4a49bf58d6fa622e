// The product aggregate as the rules see it, and the facts they decide (past tense). A fact carries the whole
// product row the adapter writes.
export interface Product {
  id: string;
  sku: string;
  name: string;
  category: string;
  priceCents: number;
  stock: number;
  version: number;
}

export type ProductFact =
  | { type: 'ProductAdded'; product: Product }
  | { type: 'ProductRenamed'; product: Product }
  | { type: 'ProductPriceChanged'; product: Product }
  | { type: 'ProductRestocked'; product: Product };
