// A pg pool that survives its database going away. pg-pool listens for errors on idle clients only: a client
// that is checked out (inside a transaction, between two of its statements) when Postgres shuts down emits
// 'error' ("Connection terminated unexpectedly") with nobody listening, and Node ends the process. Every client
// gets a listener of its own when it is created; the statement in flight still fails (and is answered as 503 or
// retried by the caller), and pg-pool discards the broken client when it is released.
import type pg from 'pg';

export function surviveConnectionErrors(pool: pg.Pool, onError: (error: Error) => void): pg.Pool {
  pool.on('error', onError); // an idle client died; the next checkout reconnects
  pool.on('connect', (client) => client.on('error', onError));
  return pool;
}
