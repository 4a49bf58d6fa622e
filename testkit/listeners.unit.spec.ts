// Decoding /proc/net/tcp addresses: a wrong decoder would call every socket loopback, or none.
import { decodeAddress, isLoopback } from './listeners.js';

describe('decodeAddress', () => {
  it('reads IPv4 in the kernel order', () => {
    expect(decodeAddress('0100007F')).toBe('127.0.0.1');
    expect(decodeAddress('00000000')).toBe('0.0.0.0');
  });

  it('reads IPv6 loopback, the wildcard and v4-mapped loopback', () => {
    expect(decodeAddress('00000000000000000000000001000000')).toBe('::1');
    expect(decodeAddress('00000000000000000000000000000000')).toBe('::');
    expect(decodeAddress('0000000000000000FFFF00000100007F')).toBe('127.0.0.1');
  });

  it('calls only 127.0.0.0/8 and ::1 loopback', () => {
    expect(['127.0.0.1', '::1', '0.0.0.0', '::', '10.0.0.1'].map(isLoopback)).toEqual([true, true, false, false, false]);
  });
});
