// Bearer API keys with scopes (docs/design.md decision 10), compared as HMACs under the server secret
// (lib/keyring.ts). requireScope answers 401 without a known key and 403 without the scope.
import type { RequestHandler, Response } from 'express';
import type { Scope } from '../../lib/apiKeys.js';
import { createKeyring, type Principal } from '../../lib/keyring.js';
import { problem, sendProblem } from './problem.js';

export type { Scope } from '../../lib/apiKeys.js';
export type { Authenticate, Principal } from '../../lib/keyring.js';
export { hashApiKey } from '../../lib/keyring.js';

export function principalOf(res: Response): Principal {
  const principal = res.locals['principal'] as Principal | undefined;
  if (!principal) throw new Error('principalOf() used on a route without requireScope()');
  return principal;
}

export function createAuth(keys: ReadonlyMap<string, ReadonlySet<string>>, secret?: string) {
  const authenticate = createKeyring(keys, secret);

  const requireScope =
    (scope: Scope): RequestHandler =>
    (req, res, next) => {
      const principal = authenticate(req.headers.authorization);
      if (!principal) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="sluice"');
        return sendProblem(res, problem(401, 'unauthorized', 'a valid API key is required: Authorization: Bearer <key>'));
      }
      if (!principal.scopes.has(scope)) {
        return sendProblem(res, problem(403, 'forbidden', `this API key lacks the "${scope}" scope`));
      }
      res.locals['principal'] = principal;
      next();
    };

  return { requireScope, authenticate };
}
