// Field schemas shared by every command slice. Bounds keep arithmetic exact in JavaScript numbers: 100 lines x
// 10,000 units x 1e9 cents stays below Number.MAX_SAFE_INTEGER, and stock fits Postgres `integer`. Text fields
// refuse control characters (api/http/fields.ts); only a cancellation reason may span lines.
import { z } from 'zod';
import { text } from '../http/fields.js';

export const MAX_PRICE_CENTS = 1_000_000_000;
export const MAX_LINE_QUANTITY = 10_000;
export const MAX_STOCK = 2_147_483_647;

export const id = z.uuid();
export const expectedVersion = z.number().int().min(1).max(MAX_STOCK).optional();
export const name = text(200);
// zod's email rule, shown in the OpenAPI document as the pattern it is, not only as `format: email`.
export const email = z.email().max(320).openapi({ pattern: z.regexes.email.source });
export const city = text(200);
export const tier = z.enum(['standard', 'gold', 'platinum']);
export const sku = text(64);
export const category = text(100);
export const priceCents = z.number().int().min(1).max(MAX_PRICE_CENTS);
export const stock = z.number().int().min(0).max(MAX_STOCK);
export const restockQuantity = z.number().int().min(1).max(MAX_STOCK);
export const lineQuantity = z.number().int().min(1).max(MAX_LINE_QUANTITY);
export const shortText = (max: number) => text(max);
export const freeText = (max: number) => text(max, { multiLine: true });
