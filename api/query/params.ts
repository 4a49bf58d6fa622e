// Query-string pieces shared by every read route. Every schema is strict: an unknown parameter (script, aggs,
// _source, runtime_mappings, from, ...) is a 400 and never reaches Elasticsearch (docs/reliability.md T34). Text
// refuses control characters and integers are documented as integers (api/http/fields.ts).
import { z } from 'zod';
import { POSITION_TOKEN } from '../../lib/position.js';
import { queryInteger, queryIntegerOr, text } from '../http/fieldRules.js';

export const MAX_Q_LENGTH = 256;
export const MAX_Q_TERMS = 32;

// Bounded in length and in terms, so a 10,000-term q is a 400 rather than a 10,000-clause query (T33).
export const q = text(MAX_Q_LENGTH).refine((value) => value.split(/\s+/).length <= MAX_Q_TERMS, { message: `at most ${MAX_Q_TERMS} terms` });

// "1e9", "NaN", "-1" and "" all fail these bounds with a 400 (T35).
export const integerAtLeast = (min: number) => queryInteger(min, Number.MAX_SAFE_INTEGER);
export const cents = integerAtLeast(0);
export const signedInteger = queryInteger(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
// A decimal as sent ("12.5", "-3"); "1e9", "NaN" and "" are a 400 like the integers.
export const decimal = z.string().regex(/^-?\d{1,16}(\.\d{1,16})?$/, 'a decimal number').transform(Number).openapi({ type: 'number' });
export const pageSize = queryIntegerOr(1, 100, 20);
// A derived list route also takes size=0: the total and the facets only, no documents.
export const listSize = queryIntegerOr(0, 100, 20);
export const topSize = queryIntegerOr(1, 100, 10);
export const uuid = z.uuid();
export const isoTime = z.iso.datetime({ offset: true });
// A date filter's bound: an instant, or a plain date (midnight UTC, which is how Elasticsearch reads `2026-01-31`).
export const isoDateOrTime = z.union([z.iso.datetime({ offset: true }), z.iso.date()]).openapi({ type: 'string', description: 'an ISO 8601 date (2026-01-31) or date-time with offset' });
export const keyword = text(200);
// The alphabet of the cursors this API issues (cursor.ts); anything else is a 400 before it is decoded.
export const cursor = z.string().max(1024).regex(/^[A-Za-z0-9_-]+$/, 'not a cursor returned by this API');
export const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

// The position tokens the command API issues, by the very expression lib/position.ts decodes them with.
export const positionToken = z.string().regex(POSITION_TOKEN, 'not a position token returned by the command API');

/** Read-your-writes, accepted by every read: a position token and how long to wait for it. */
export const consistencyParams = {
  minPosition: positionToken.optional(),
  waitMs: queryIntegerOr(0, 10_000, 5_000),
};

export const sortParam = <const S extends readonly [string, ...string[]]>(allowed: S, fallback: S[number]) =>
  z.enum(allowed).default(fallback as never);

export type ConsistencyParams = { minPosition?: string | undefined; waitMs: number };
