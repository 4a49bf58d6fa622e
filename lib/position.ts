// Position tokens returned by every command (docs/design.md decision 6). A token carries the committing
// transaction's xid8 (the exact visibility answer: is this xid visible in a snapshot?) and a WAL insert LSN read
// after COMMIT (how far the CDC stream must have come). Clients treat the token as opaque; only this codec knows
// the format.
import { ValidationError } from './errors.js';

export interface Position {
  /** pg_current_xact_id() of the command's transaction (xid8, 64-bit). */
  xid: bigint;
  /** A WAL LSN at or after the commit record, in Postgres text form `X/Y`. */
  lsn: string;
}

const VERSION = 'v1';
// xid8 is 64-bit, but tokens carry at most 19 digits (below 10^19): a bound a regular expression states exactly, so
// the query API's OpenAPI pattern is the very rule decodePosition applies. Postgres reaches 10^19 only after 2^31
// xid epochs (each of 2^32 transactions), which no cluster will see.
export const POSITION_TOKEN = /^v1\.(\d{1,19})\.([0-9a-f]{16})$/;
const MAX_XID = 10n ** 19n - 1n;
const LSN_TEXT = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/;

export function lsnToBigInt(lsn: string): bigint {
  const match = LSN_TEXT.exec(lsn);
  if (!match) throw new ValidationError(`not a Postgres LSN: ${JSON.stringify(lsn)}`);
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

export function bigIntToLsn(value: bigint): string {
  const hi = (value >> 32n).toString(16).toUpperCase();
  const lo = (value & 0xffffffffn).toString(16).toUpperCase();
  return `${hi}/${lo}`;
}

export function encodePosition(position: Position): string {
  if (position.xid < 0n || position.xid > MAX_XID) throw new ValidationError(`xid out of range: ${position.xid}`);
  const lsn = lsnToBigInt(position.lsn).toString(16).padStart(16, '0');
  return `${VERSION}.${position.xid.toString(10)}.${lsn}`;
}

export function decodePosition(token: string): Position {
  const match = POSITION_TOKEN.exec(token);
  if (!match) {
    throw new ValidationError('invalid position token', [{ path: 'position', message: 'not a position token returned by a command' }]);
  }
  return { xid: BigInt(match[1] as string), lsn: bigIntToLsn(BigInt(`0x${match[2]}`)) };
}

/** Orders tokens by LSN; useful to keep the furthest of several tokens a client holds. */
export const compareLsn = (a: string, b: string): number => {
  const x = lsnToBigInt(a);
  const y = lsnToBigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
};
