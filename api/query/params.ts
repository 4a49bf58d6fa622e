// Query-string pieces shared by every read route. Every schema is strict: an unknown parameter (script, aggs,
// _source, runtime_mappings, from, ...) is a 400 and never reaches Elasticsearch (docs/reliability.md T34).
import { z } from 'zod';

export const MAX_Q_LENGTH = 256;
export const MAX_Q_TERMS = 32;

// Bounded in length and in terms, so a 10,000-term q is a 400 rather than a 10,000-clause query (T33).
export const q = z
  .string()
  .trim()
  .min(1)
  .max(MAX_Q_LENGTH)
  .refine((text) => text.split(/\s+/).length <= MAX_Q_TERMS, { message: `at most ${MAX_Q_TERMS} terms` });

// Query strings are text: "1e9", "NaN", "-1" and "" all fail these bounds with a 400 (T35).
const intParam = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d{1,16}$/, 'an integer')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

export const cents = intParam(0, Number.MAX_SAFE_INTEGER);
export const pageSize = intParam(1, 100).default(20);
export const topSize = intParam(1, 100).default(10);
export const uuid = z.uuid();
export const isoTime = z.iso.datetime({ offset: true });
export const keyword = z.string().trim().min(1).max(200);
export const cursor = z.string().max(1024);
export const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Read-your-writes, accepted by every read: a position token and how long to wait for it. */
export const consistencyParams = {
  minPosition: z.string().max(64).optional(),
  waitMs: intParam(0, 10_000).default(5_000),
};

export const sortParam = <const S extends readonly [string, ...string[]]>(allowed: S, fallback: S[number]) =>
  z.enum(allowed).default(fallback as never);

export type ConsistencyParams = { minPosition?: string | undefined; waitMs: number };
