// Product commands wired to their rules and SQL.
import type { z } from 'zod';
import { NotFoundError } from '../../../lib/errors.js';
import { defineCommand, type CommandDefinition } from '../commandDefinition.js';
import type { Tx } from '../adapters/postgres/tx.js';
import { addProduct, changeProductPrice, renameProduct, restockProduct } from './commands.js';
import * as rules from './decide.js';
import { productEvents } from './events.js';
import * as store from './adapters/postgres/productStore.js';

type Change<S extends z.ZodType<{ productId: string }>> = (current: rules.Product, command: z.output<S>) => rules.ProductFact;

// The three "load, decide, save" commands differ only in schema and rule.
function changeCommand<S extends z.ZodType<{ productId: string }>>(name: string, summary: string, schema: S, decide: Change<S>) {
  return defineCommand({
    name,
    summary,
    schema,
    creates: false,
    handle: async (tx: Tx, input: z.output<S>) => {
      const current = await store.lockProduct(tx, input.productId);
      if (!current) throw new NotFoundError(`product ${input.productId} does not exist`);
      const fact = decide(current, input);
      await store.updateProduct(tx, fact.product);
      return { id: fact.product.id, version: fact.product.version, events: productEvents(fact, current) };
    },
  });
}

export function createProductCommands({ newId }: { newId: () => string }): CommandDefinition<Tx>[] {
  return [
    defineCommand({
      name: 'add-product',
      summary: 'Add a product to the catalogue (sku unique)',
      schema: addProduct,
      creates: true,
      handle: async (tx: Tx, input) => {
        const fact = rules.decideAddProduct(input, newId());
        await store.insertProduct(tx, fact.product);
        return { id: fact.product.id, version: fact.product.version, events: productEvents(fact) };
      },
    }),
    changeCommand('rename-product', 'Rename a product', renameProduct, rules.decideRenameProduct),
    changeCommand('change-product-price', 'Change the price of future orders', changeProductPrice, rules.decideChangeProductPrice),
    changeCommand('restock-product', 'Add stock to a product', restockProduct, rules.decideRestockProduct),
  ];
}
