// API keys held as HMACs under the server secret: the digest that reaches logs and idempotency rows is not a bare
// SHA-256 (which anyone could test guessed keys against), and a keyring made under another secret knows no key.
import { createHash, createHmac } from 'node:crypto';
import { createKeyring, hashApiKey } from './keyring.js';

const key = 'k'.repeat(40);
const secret = 's'.repeat(40);
const keys = new Map([[key, new Set(['queries'])]]);

describe('keyring', () => {
  it('given a key, then its digest is the HMAC-SHA256 under the secret, not a bare SHA-256', () => {
    expect(hashApiKey(key, secret)).toBe(createHmac('sha256', secret).update(key).digest('hex'));
    expect(hashApiKey(key, secret)).not.toBe(createHash('sha256').update(key).digest('hex'));
    expect(hashApiKey(key, secret)).not.toBe(hashApiKey(key, 't'.repeat(40)));
  });

  it('given a known Bearer key, then the principal carries its scopes and the digest only', () => {
    const principal = createKeyring(keys, secret)(`Bearer ${key}`);
    expect(principal).toEqual({ keyHash: hashApiKey(key, secret), scopes: new Set(['queries']) });
    expect(JSON.stringify(principal)).not.toContain(key);
  });

  it('given an unknown key, no header or another scheme, then nobody', () => {
    const authenticate = createKeyring(keys, secret);
    expect([authenticate(`Bearer ${key}x`), authenticate(undefined), authenticate(`Basic ${key}`)]).toEqual([undefined, undefined, undefined]);
  });
});
