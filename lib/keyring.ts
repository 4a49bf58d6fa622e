// API keys as the server holds them: by HMAC-SHA256 under a server secret (API_KEY_SECRET), never in the clear. A
// presented key is hashed and looked up, so the lookup does not leak key prefixes through timing, and the digest
// that travels further (logs, idempotency rows) cannot be tested against guessed keys offline by whoever reads it,
// as a bare SHA-256 of a short key could. Shared by the Express APIs (api/http/auth.ts) and the projector's metrics
// listener. Changing the secret changes every digest: idempotency rows stored under the old one no longer match.
import { createHmac } from 'node:crypto';
import { DEV_API_KEY_SECRET, type ApiKeys, type Scope } from './apiKeys.js';

export interface Principal {
  /** HMAC-SHA256 hex digest of the API key under the server secret: safe to store and log. */
  keyHash: string;
  scopes: ReadonlySet<string>;
}

export const hashApiKey = (key: string, secret: string): string => createHmac('sha256', secret).update(key, 'utf8').digest('hex');

/** The principal an Authorization header names, or undefined (no header, not Bearer, unknown key). */
export type Authenticate = (authorization: string | undefined) => Principal | undefined;

/** `secret` defaults to the development one for tests that build an app in-process; every main.ts passes its own. */
export function createKeyring(keys: ReadonlyMap<string, ReadonlySet<string>>, secret: string = DEV_API_KEY_SECRET): Authenticate {
  const byHash = new Map<string, ReadonlySet<string>>([...keys].map(([key, scopes]) => [hashApiKey(key, secret), scopes]));
  return (authorization) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return undefined;
    const keyHash = hashApiKey(match[1] as string, secret);
    const scopes = byHash.get(keyHash);
    return scopes ? { keyHash, scopes } : undefined;
  };
}

/** The first key holding `scope`: what a process presents to another one's endpoint when no key is named for it. */
export const keyWithScope = (keys: ApiKeys | ReadonlyMap<string, ReadonlySet<string>>, scope: Scope): string | undefined =>
  [...keys].find(([, scopes]) => scopes.has(scope))?.[0];
