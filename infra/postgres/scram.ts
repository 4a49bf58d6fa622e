// SCRAM-SHA-256 password verifiers computed here, the way psql's \password does it: the server stores the same
// `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` it would derive itself (RFC 5802, RFC 7677), but the
// password never travels in a CREATE/ALTER ROLE statement, where statement logging or pg_stat_statements could keep
// it, and a server still set to md5 cannot store a weaker hash.
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

const ITERATIONS = 4096; // Postgres's scram_iterations default

// SASLprep leaves printable ASCII unchanged, so for such passwords these bytes are exactly what the server hashes.
// Others are left to the server (password_encryption=scram-sha-256 in the migrating session).
export const scramComputable = (password: string): boolean => /^[\x20-\x7e]+$/.test(password);

function keys(password: string, salt: Buffer, iterations: number): { storedKey: Buffer; serverKey: Buffer } {
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  return {
    storedKey: createHash('sha256').update(clientKey).digest(),
    serverKey: createHmac('sha256', salted).update('Server Key').digest(),
  };
}

export function scramVerifier(password: string, salt: Buffer = randomBytes(16), iterations = ITERATIONS): string {
  const { storedKey, serverKey } = keys(password, salt, iterations);
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

const VERIFIER = /^SCRAM-SHA-256\$(\d+):([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)$/;

/** Whether a stored verifier (pg_authid.rolpassword) was made from this password: no rewrite is then needed. */
export function scramMatches(verifier: string | null | undefined, password: string): boolean {
  const m = VERIFIER.exec(verifier ?? '');
  if (!m) return false;
  const { storedKey, serverKey } = keys(password, Buffer.from(m[2] ?? '', 'base64'), Number(m[1]));
  const expected = Buffer.concat([storedKey, serverKey]);
  const actual = Buffer.concat([Buffer.from(m[3] ?? '', 'base64'), Buffer.from(m[4] ?? '', 'base64')]);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
