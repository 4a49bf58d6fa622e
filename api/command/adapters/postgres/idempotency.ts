// Idempotency-Key storage. A session advisory lock on the key serializes concurrent duplicates: the first one
// runs the command and records its response inside the command's transaction (exactly one effect), then stores
// the position token after COMMIT; the others wait for the lock and replay the stored response.
import { AppError } from '../../../../lib/errors.js';
import type { Tx } from './tx.js';

export interface IdempotencyRequest {
  apiKeyHash: string;
  key: string;
  command: string;
  requestHash: string;
}

export interface StoredResponse {
  status: number;
  body: { id: string; version: number; position?: string; xid: string };
}

const lockKey = (r: IdempotencyRequest) => `${r.apiKeyHash}:${r.key}`;

export async function lockIdempotencyKey(tx: Tx, r: IdempotencyRequest): Promise<void> {
  await tx.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [lockKey(r)]);
}

export async function unlockIdempotencyKey(tx: Tx, r: IdempotencyRequest): Promise<void> {
  await tx.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockKey(r)]);
}

export async function findStoredResponse(tx: Tx, r: IdempotencyRequest): Promise<StoredResponse | undefined> {
  const { rows } = await tx.query<{ command: string; request_hash: string; status_code: number; response: StoredResponse['body'] }>(
    'SELECT command, request_hash, status_code, response FROM idempotency_keys WHERE api_key_hash = $1 AND key = $2',
    [r.apiKeyHash, r.key],
  );
  const row = rows[0];
  if (!row) return undefined;
  if (row.command !== r.command || row.request_hash !== r.requestHash) {
    throw new AppError('this Idempotency-Key was already used with a different request', { status: 422, code: 'idempotency-key-reused' });
  }
  return { status: row.status_code, body: row.response };
}

export async function storeResponse(tx: Tx, r: IdempotencyRequest, response: StoredResponse): Promise<void> {
  await tx.query(
    `INSERT INTO idempotency_keys (key, api_key_hash, command, request_hash, status_code, response)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [r.key, r.apiKeyHash, r.command, r.requestHash, response.status, JSON.stringify(response.body)],
  );
}

export async function storePosition(tx: Tx, r: IdempotencyRequest, position: string): Promise<void> {
  await tx.query(
    `UPDATE idempotency_keys SET response = response || jsonb_build_object('position', $3::text)
     WHERE api_key_hash = $1 AND key = $2`,
    [r.apiKeyHash, r.key, position],
  );
}

/**
 * Deletes up to `batch` keys older than the window; returns how many. Bounded so that a purge after a long pause
 * never holds one long transaction (nor a long lock on the index) while commands insert new keys; the
 * created_at index makes finding them cheap.
 */
export async function purgeExpired(tx: Tx, windowHours: number, batch: number): Promise<number> {
  const { rowCount } = await tx.query(
    `DELETE FROM idempotency_keys WHERE (api_key_hash, key) IN (
       SELECT api_key_hash, key FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1) ORDER BY created_at LIMIT $2)`,
    [windowHours, batch],
  );
  return rowCount ?? 0;
}
