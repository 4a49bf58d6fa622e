// Rate limiting per API key (docs/reliability.md T39): one noisy client gets 429 with Retry-After and the IETF
// RateLimit headers; other keys keep their own budget. Mount after authentication so the key is known.
import { rateLimit } from 'express-rate-limit';
import type { RequestHandler } from 'express';
import { principalOf } from './auth.js';
import { problem, sendProblem } from './problem.js';

export interface RateLimitOptions {
  windowMs: number;
  /** Requests per key per window. */
  limit: number;
}

export function createRateLimit({ windowMs, limit }: RateLimitOptions): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: 'per-api-key',
    keyGenerator: (_req, res) => principalOf(res).keyHash,
    handler: (_req, res) => {
      sendProblem(res, problem(429, 'rate-limited', `too many requests for this API key; retry after the Retry-After delay`));
    },
    // The key generator never uses the client IP, so the IP-related sanity checks do not apply.
    validate: false,
  });
}
