// Driver errors become AppErrors here, at the boundary. Serialization failures and deadlocks are retriable (the
// runner retries the whole transaction); a lost or refused connection is a 503; constraint violations that the
// decide functions could not see (a concurrent unique insert) become the matching business conflict.
import { AppError, ConflictError, NotFoundError, OverloadedError, ServiceError, ValidationError } from '../../../../lib/errors.js';

const uniqueConflicts: Record<string, [string, string]> = {
  customers_email_unique: ['this email is already registered', 'email-taken'],
  products_sku_key: ['this sku is already used by another product', 'sku-taken'],
};

const RETRIABLE_SQLSTATES = new Set(['40001', '40P01']);
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '53400', '25P03']);
/** lock_not_available, query_canceled (statement_timeout): a statement waited too long on a busy database, which is up. */
const BUSY_SQLSTATES = new Set(['55P03', '57014']);
/** undefined_column, undefined_table, undefined_function (an operator's type no longer exists for a retyped column). */
const SCHEMA_MISMATCH_SQLSTATES = new Set(['42703', '42P01', '42883']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);

/** node-postgres' own error when a pool's connection wait runs out. */
export const isPoolWaitTimeout = (error: unknown): boolean => /timeout exceeded when trying to connect/i.test((error as Error | undefined)?.message ?? '');

interface PgLikeError {
  code?: string;
  constraint?: string;
  message?: string;
}

export function translatePgError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const e = (error ?? {}) as PgLikeError;
  const code = e.code ?? '';
  if (RETRIABLE_SQLSTATES.has(code)) return new ServiceError('transaction conflict', { cause: error, retriable: true });
  if (code === '23505') {
    const known = uniqueConflicts[e.constraint ?? ''];
    return known ? new ConflictError(known[0], known[1]) : new ConflictError('duplicate value', 'duplicate');
  }
  if (code === '23503') return new NotFoundError('a referenced aggregate does not exist');
  if (code === '23514' || code.startsWith('22')) return new ValidationError('a value is out of range for the database');
  // A column or table the service's SQL names is gone (DDL run under it, docs/reliability.md T22): nothing was
  // written, the command may succeed once the schema is restored, so it is the database being unavailable to this
  // service (503, logged with the cause), not a bug in the request or the service.
  if (SCHEMA_MISMATCH_SQLSTATES.has(code)) return new ServiceError('the database schema does not match the service', { cause: error, retriable: false });
  if (BUSY_SQLSTATES.has(code)) return new OverloadedError('the database is busy: a statement waited too long', { cause: error });
  // Class 08 = connection exceptions; the rest are shutdowns, resource limits and timeouts.
  const unavailable = code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code) || NETWORK_CODES.has(code);
  const poolTimeout = isPoolWaitTimeout(error) || /Connection terminated|is not queryable/i.test(e.message ?? '');
  if (unavailable || poolTimeout) {
    // Not retried in-process: the client's retry with the same Idempotency-Key is the safe way back.
    return new ServiceError('database unavailable', { cause: error, retriable: false });
  }
  return error;
}
