// Product commands: each one's load, rule, save and answer, run by the shared load-decide-save sequence
// (../loadDecideSave.ts).
import type { z } from 'zod';
import type { CommandDefinition, CommandResult } from '../commandDefinition.js';
import { found, loadDecideSave, nothingToLoad } from '../loadDecideSave.js';
import type { Tx } from '../adapters/postgres/tx.js';
import { addProduct, changeProductPrice, renameProduct, restockProduct } from './schemas.js';
import * as rules from './decide.js';
import { productEvents } from './events.js';
import type { Product, ProductFact } from './aggregate.js';
import * as store from './adapters/postgres/productStore.js';

const answer = (fact: ProductFact, previous?: Product): CommandResult => ({
  id: fact.product.id,
  version: fact.product.version,
  events: productEvents(fact, previous),
});

// The three changes differ only in name, schema and rule.
function changeCommand<S extends z.ZodType<{ productId: string }>>(name: string, summary: string, schema: S, decide: (current: Product, command: z.output<S>) => ProductFact) {
  return loadDecideSave({
    name,
    summary,
    schema,
    creates: false,
    load: async (tx: Tx, input) => found('product', input.productId, await store.lockProduct(tx, input.productId)),
    decide,
    save: (tx, fact) => store.updateProduct(tx, fact.product),
    answer,
  });
}

export function createProductCommands({ newId }: { newId: () => string }): CommandDefinition<Tx>[] {
  return [
    loadDecideSave({
      name: 'add-product',
      summary: 'Add a product to the catalogue (sku unique)',
      schema: addProduct,
      creates: true,
      load: nothingToLoad,
      decide: (_nothing, input) => rules.decideAddProduct(input, newId()),
      save: (tx: Tx, fact) => store.insertProduct(tx, fact.product),
      answer: (fact) => answer(fact),
    }),
    changeCommand('rename-product', 'Rename a product', renameProduct, rules.decideRenameProduct),
    changeCommand('change-product-price', 'Change the price of future orders', changeProductPrice, rules.decideChangeProductPrice),
    changeCommand('restock-product', 'Add stock to a product', restockProduct, rules.decideRestockProduct),
  ];
}
