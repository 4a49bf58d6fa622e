// Order commands: request bodies (strict) and their types.
import { z } from 'zod';
import * as f from '../commandFields.js';

export const MAX_LINES = 100;

const line = z.strictObject({ productId: f.id, quantity: f.lineQuantity });

export const placeOrder = z.strictObject({
  customerId: f.id,
  lines: z
    .array(line)
    .min(1)
    .max(MAX_LINES)
    .openapi({ description: 'One line per product: a productId appears at most once (a 400 otherwise)' })
    .superRefine((lines, ctx) => {
      // order_lines is keyed by (order, product): one line per product, quantities say "how many".
      const seen = new Set<string>();
      lines.forEach((l, i) => {
        if (seen.has(l.productId)) ctx.addIssue({ code: 'custom', path: [i, 'productId'], message: 'product appears on two lines' });
        seen.add(l.productId);
      });
    }),
});
export type PlaceOrder = z.output<typeof placeOrder>;

export const addOrderLine = z.strictObject({ orderId: f.id, productId: f.id, quantity: f.lineQuantity, expectedVersion: f.expectedVersion });
export type AddOrderLine = z.output<typeof addOrderLine>;

export const removeOrderLine = z.strictObject({ orderId: f.id, productId: f.id, expectedVersion: f.expectedVersion });
export type RemoveOrderLine = z.output<typeof removeOrderLine>;

export const cancelOrder = z.strictObject({ orderId: f.id, reason: f.freeText(500), expectedVersion: f.expectedVersion });
export type CancelOrder = z.output<typeof cancelOrder>;

export const payOrder = z.strictObject({
  orderId: f.id,
  amountCents: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  method: f.shortText(50),
  expectedVersion: f.expectedVersion,
});
export type PayOrder = z.output<typeof payOrder>;

export const shipOrder = z.strictObject({
  orderId: f.id,
  carrier: f.shortText(100),
  trackingNumber: f.shortText(100),
  expectedVersion: f.expectedVersion,
});
export type ShipOrder = z.output<typeof shipOrder>;
