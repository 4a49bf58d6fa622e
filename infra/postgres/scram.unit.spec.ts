// The verifier must be the one Postgres derives itself, or the role could never log in: checked against the
// worked example of RFC 7677 (user "user", password "pencil"), whose server signature only the right ServerKey gives.
import { createHmac } from 'node:crypto';
import { scramComputable, scramMatches, scramVerifier } from './scram.js';

const salt = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');
const nonce = 'rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0';
const authMessage = `n=user,r=rOprNGfwEbeRWgbNEkqO,r=${nonce},s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=${nonce}`;

describe('SCRAM-SHA-256 verifiers', () => {
  it('derive the ServerKey of RFC 7677', () => {
    const verifier = scramVerifier('pencil', salt, 4096);
    expect(verifier).toMatch(/^SCRAM-SHA-256\$4096:W22ZaJ0SNY7soEsUEjb6gQ==\$[^:]+:[^:]+$/);
    const serverKey = Buffer.from(verifier.split(':').pop() ?? '', 'base64');
    expect(createHmac('sha256', serverKey).update(authMessage).digest('base64')).toBe('6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=');
  });

  it('recognise the password they were made from, and only that one', () => {
    const verifier = scramVerifier('s3cret-Pa55');
    expect(scramMatches(verifier, 's3cret-Pa55')).toBe(true);
    expect(scramMatches(verifier, 's3cret-Pa56')).toBe(false);
    expect(scramMatches('md5c0ffee', 's3cret-Pa55')).toBe(false);
    expect(scramMatches(null, 's3cret-Pa55')).toBe(false);
  });

  it('are computed here only for printable ASCII, which SASLprep leaves as it is', () => {
    expect(scramComputable('abc-DEF_123 ~')).toBe(true);
    expect(scramComputable('pässwort')).toBe(false);
    expect(scramComputable('tab\there')).toBe(false);
  });
});
