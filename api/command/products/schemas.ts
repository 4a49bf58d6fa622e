// Product commands: request bodies (strict) and their types.
import { z } from 'zod';
import * as f from '../commandFields.js';

export const addProduct = z.strictObject({
  sku: f.sku,
  name: f.name,
  category: f.category,
  priceCents: f.priceCents,
  stock: f.stock,
});
export type AddProduct = z.output<typeof addProduct>;

export const renameProduct = z.strictObject({ productId: f.id, name: f.name, expectedVersion: f.expectedVersion });
export type RenameProduct = z.output<typeof renameProduct>;

export const changeProductPrice = z.strictObject({ productId: f.id, priceCents: f.priceCents, expectedVersion: f.expectedVersion });
export type ChangeProductPrice = z.output<typeof changeProductPrice>;

export const restockProduct = z.strictObject({ productId: f.id, quantity: f.restockQuantity, expectedVersion: f.expectedVersion });
export type RestockProduct = z.output<typeof restockProduct>;
