// Rate limits (docs/reliability.md T39). Two budgets:
// - per API key, mounted after authentication: one noisy client gets 429 with Retry-After and the IETF RateLimit
//   headers; other keys keep their own budget;
// - per client IP for requests WITHOUT a valid key, mounted before everything else: a flood of 401s (or of probes,
//   or of junk paths) is not free, it stops at 429 before any route, body parser or problem is worked out. A valid
//   key skips it (checking one is an HMAC, cheaper than the 401 it saves), so callers behind one address (a proxy,
//   a NAT) are held to their keys' budgets, not to each other's floods.
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { RequestHandler } from 'express';
import { principalOf, type Authenticate } from './auth.js';
import { problem, sendProblem } from './problem.js';

export interface RateLimitOptions {
  windowMs: number;
  /** Requests per key (or per IP) per window. */
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

export function createIpRateLimit({ windowMs, limit }: RateLimitOptions, authenticate: Authenticate): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: 'per-ip-without-key',
    skip: (req) => authenticate(req.headers.authorization) !== undefined,
    // IPv6 clients are grouped by /56, as one subscriber usually holds a whole prefix.
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown'),
    handler: (_req, res) => {
      sendProblem(res, problem(429, 'rate-limited', 'too many requests without a valid API key from this address; retry after the Retry-After delay'));
    },
    validate: { trustProxy: false, xForwardedForHeader: false },
  });
}
