// Field schemas shared by every command slice. Bounds keep arithmetic exact in JavaScript numbers: 100 lines x
// 10,000 units x 1e9 cents stays below Number.MAX_SAFE_INTEGER, and stock fits Postgres `integer`. Text fields
// refuse control characters (api/http/fields.ts); only a cancellation reason may span lines.
import { z } from 'zod';
import { ConflictError } from '../../lib/errors.js';
import { text } from '../http/fieldRules.js';

export const MAX_PRICE_CENTS = 1_000_000_000;
export const MAX_LINE_QUANTITY = 10_000;
export const MAX_STOCK = 2_147_483_647;

export const id = z.uuid();
export const expectedVersion = z.number().int().min(1).max(MAX_STOCK).optional();

/** Optimistic concurrency, shared by every aggregate's decide functions: the `expectedVersion` a command carried. */
export function checkVersion(aggregate: string, current: number, expected: number | undefined): void {
  if (expected !== undefined && expected !== current) {
    throw new ConflictError(`${aggregate} is at version ${current}, not the expected ${expected}`, 'version-conflict');
  }
}

export const name = text(200);
// zod's email rule (dot-atom local part, no leading dot, no "..") with the RFC 5321/1035 limits `format: email`
// implies and zod does not check: a local part of at most 64 characters, a domain of at most 253, and labels of 1 to
// 63 letters, digits and hyphens that neither start nor end with a hyphen. Shown in the OpenAPI document as the
// pattern it is, so the document and the server refuse the same addresses.
const EMAIL = /^(?=[^@]{1,64}@)(?!\.)(?!.*\.\.)[A-Za-z0-9_'+\-.]*[A-Za-z0-9_+-]@(?=[^@]{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
export const email = z.email({ pattern: EMAIL }).max(320).openapi({ pattern: EMAIL.source });
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
