// Postgres snapshot visibility, in pure code (docs/design.md decision 6). A snapshot {xmin, xmax, xip} from
// pg_current_snapshot() says exactly which transactions it sees: every xid below xmin has finished, every xid at or
// above xmax had not started, and between the two the in-progress list xip names the ones that had not finished.
// With xid8 (64-bit, no wraparound) the comparison is plain integer order. An aborted xid also counts as
// "visible" here, which is harmless: a position token is only ever issued for a committed transaction.

export interface PgSnapshot {
  xmin: bigint;
  xmax: bigint;
  xip: readonly bigint[];
}

/** The same snapshot as decimal strings, as stored in JSON (bigint has no JSON form). */
export interface PgSnapshotText {
  xmin: string;
  xmax: string;
  xip: readonly string[];
}

const DECIMAL = /^\d{1,20}$/;

function xid(text: string, what: string): bigint {
  if (!DECIMAL.test(text)) throw new Error(`${what} is not an xid8: ${JSON.stringify(text)}`);
  return BigInt(text);
}

/** Parses the text form `xmin:xmax:xip1,xip2` that pg_current_snapshot()::text returns. */
export function parseSnapshot(text: string): PgSnapshot {
  const [xmin, xmax, xip = ''] = text.split(':');
  if (xmin === undefined || xmax === undefined) throw new Error(`not a snapshot: ${JSON.stringify(text)}`);
  return fromText({ xmin, xmax, xip: xip === '' ? [] : xip.split(',') });
}

export function fromText(s: PgSnapshotText): PgSnapshot {
  const snapshot = { xmin: xid(s.xmin, 'xmin'), xmax: xid(s.xmax, 'xmax'), xip: s.xip.map((x) => xid(x, 'xip')) };
  if (snapshot.xmin > snapshot.xmax) throw new Error('snapshot xmin is above xmax');
  return snapshot;
}

export const toText = (s: PgSnapshot): PgSnapshotText => ({ xmin: s.xmin.toString(), xmax: s.xmax.toString(), xip: s.xip.map(String) });

/** pg_visible_in_snapshot(xid, snapshot) for a finished transaction. */
export function isVisible(xid8: bigint, snapshot: PgSnapshot): boolean {
  if (xid8 < snapshot.xmin) return true;
  if (xid8 >= snapshot.xmax) return false;
  return !snapshot.xip.includes(xid8);
}
