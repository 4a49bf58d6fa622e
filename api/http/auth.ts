// Bearer API keys with scopes (docs/design.md decision 10). Keys are compared by SHA-256 digest so the lookup does
// not leak key prefixes through timing, and only the digest ever travels further (logs, idempotency rows).
import { createHash } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { problem, sendProblem } from './problem.js';

export type Scope = 'commands' | 'queries' | 'ops';

export interface Principal {
  /** SHA-256 hex digest of the API key: safe to store and log. */
  keyHash: string;
  scopes: ReadonlySet<string>;
}

export const hashApiKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

export function principalOf(res: Response): Principal {
  const principal = res.locals['principal'] as Principal | undefined;
  if (!principal) throw new Error('principalOf() used on a route without requireScope()');
  return principal;
}

export function createAuth(keys: ReadonlyMap<string, ReadonlySet<string>>) {
  const byHash = new Map<string, ReadonlySet<string>>([...keys].map(([key, scopes]) => [hashApiKey(key), scopes]));

  const requireScope =
    (scope: Scope): RequestHandler =>
    (req, res, next) => {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
      const keyHash = match ? hashApiKey(match[1] as string) : undefined;
      const scopes = keyHash ? byHash.get(keyHash) : undefined;
      if (!keyHash || !scopes) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="sluice"');
        return sendProblem(res, problem(401, 'unauthorized', 'a valid API key is required: Authorization: Bearer <key>'));
      }
      if (!scopes.has(scope)) {
        return sendProblem(res, problem(403, 'forbidden', `this API key lacks the "${scope}" scope`));
      }
      res.locals['principal'] = { keyHash, scopes } satisfies Principal;
      next();
    };

  return { requireScope };
}
