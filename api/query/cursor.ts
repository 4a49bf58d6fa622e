// Opaque `search_after` cursors. A cursor carries the sort it was made for and the last hit's sort values
// (the sort key, then the unique id tiebreaker). A checksum rejects garbage and accidental edits with a 400;
// a deliberately forged cursor of the right shape only selects another page of the same query, so no secret is
// needed: the values are re-validated and reach Elasticsearch only as `search_after` values.
import { ValidationError } from '../../lib/errors.js';

export type SortValue = string | number;

const VERSION = 1;
const MAX_CURSOR = 1024;

// FNV-1a over UTF-16 code units: cheap and good enough to detect a cursor that was not produced here.
function checksum(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(36);
}

const toBase64Url = (text: string): string => {
  const bytes = new TextEncoder().encode(text);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

const fromBase64Url = (token: string): string => {
  const binary = atob(token.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
};

export function encodeCursor(sort: string, values: readonly SortValue[]): string {
  const payload = JSON.stringify([VERSION, sort, values]);
  return toBase64Url(JSON.stringify([payload, checksum(payload)]));
}

const invalid = (message: string) => new ValidationError(`invalid cursor: ${message}`, [{ path: 'cursor', message }]);

const validValue = (v: unknown): v is SortValue =>
  (typeof v === 'number' && Number.isSafeInteger(v)) || (typeof v === 'string' && v.length <= 512);

/** The sort values to pass as `search_after`, or a 400 when the cursor is not one of ours for this sort. */
export function decodeCursor(token: string, sort: string, arity: number): SortValue[] {
  if (token.length > MAX_CURSOR || !/^[A-Za-z0-9_-]+$/.test(token)) throw invalid('not a cursor returned by this API');
  let payload: unknown;
  try {
    const [text, sum] = JSON.parse(fromBase64Url(token)) as [unknown, unknown];
    if (typeof text !== 'string' || sum !== checksum(text)) throw new Error('checksum');
    payload = JSON.parse(text);
  } catch {
    throw invalid('not a cursor returned by this API');
  }
  if (!Array.isArray(payload) || payload[0] !== VERSION) throw invalid('not a cursor returned by this API');
  if (payload[1] !== sort) throw invalid(`this cursor belongs to sort=${String(payload[1])}; keep the same sort while paging`);
  const values: unknown = payload[2];
  if (!Array.isArray(values) || values.length !== arity || !values.every(validValue)) throw invalid('not a cursor returned by this API');
  return values;
}
