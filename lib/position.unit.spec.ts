import fc from 'fast-check';
import { compareLsn, decodePosition, encodePosition, lsnToBigInt } from './position.js';
import { ValidationError } from './errors.js';

describe('position tokens', () => {
  it('given a position, when encoded and decoded, then it round-trips', () => {
    const token = encodePosition({ xid: 759n, lsn: '0/16B3748' });
    expect(token).toBe('v1.759.00000000016b3748');
    expect(decodePosition(token)).toEqual({ xid: 759n, lsn: '0/16B3748' });
  });

  it('round-trips every xid below 10^19 and every LSN', () => {
    const u32 = fc.integer({ min: 0, max: 0xffffffff }).map((n) => n.toString(16).toUpperCase());
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 19n - 1n }), u32, u32, (xid, hi, lo) => {
        const lsn = `${hi}/${lo}`;
        expect(decodePosition(encodePosition({ xid, lsn }))).toEqual({ xid, lsn });
      }),
    );
  });

  it.each(['', 'v1', 'v2.1.0000000000000001', 'v1.-1.0000000000000001', 'v1.1.16B3748', 'v1.99999999999999999999.0000000000000001', 'v1.10000000000000000000.0000000000000001', "v1.1.0000000000000001'; DROP"])(
    'rejects the malformed token %j with a validation error',
    (token) => {
      expect(() => decodePosition(token)).toThrow(ValidationError);
    },
  );

  it('refuses to encode an xid of 20 digits, which no token may carry', () => {
    expect(() => encodePosition({ xid: 10n ** 19n, lsn: '0/1' })).toThrow(ValidationError);
  });

  it('orders LSNs numerically, not as text', () => {
    expect(compareLsn('0/FF', '1/0')).toBe(-1);
    expect(compareLsn('A/0', '9/FFFFFFFF')).toBe(1);
    expect(lsnToBigInt('1/0')).toBe(1n << 32n);
  });
});
