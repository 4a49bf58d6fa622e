// Runs one command as ONE Postgres transaction on one pooled connection, retrying serialization failures and
// deadlocks (never surfacing them as 500s), applying Idempotency-Key semantics, appending the command's domain events
// to the outbox in the same transaction (./outbox.ts: a refused command and an idempotent replay emit nothing), and
// producing the position token: the transaction's xid8 read inside it, and the WAL insert LSN read after COMMIT.
import type pg from 'pg';
import { OverloadedError } from '../../../../lib/errors.js';
import { encodePosition } from '../../../../lib/position.js';
import { retry } from '../../../../lib/retry.js';
import type { Logger } from '../../../../lib/logger.js';
import type { CommandDefinition } from '../../commandDefinition.js';
import { appendEvents } from './outbox.js';
import { isPoolWaitTimeout, translatePgError } from './pgErrors.js';
import type { Tx } from './tx.js';
import * as idem from './idempotency.js';

export interface CommandResponse {
  status: number;
  body: { id: string; version: number; position: string };
}

export interface CommandRunnerDeps {
  pool: pg.Pool;
  logger: Logger;
  /** In-process retries of 40001/40P01; each retry re-runs the whole transaction. */
  retries?: number;
  /** False only to measure what the outbox costs (npm run bench command): commands then emit no events. */
  outbox?: boolean;
  /**
   * The most commands that may wait for a pooled connection (PG_POOL_QUEUE_MAX): past it a command is refused at
   * once as overloaded instead of waiting out the connection timeout, so a hot row's queue stays bounded.
   */
  queueMax?: number;
}

/** Every connection is busy and the wait ran out: the database is up, the service has more work than connections. */
const poolExhausted = (pool: pg.Pool, error: unknown): boolean =>
  pool.totalCount >= (pool.options.max ?? 10) && isPoolWaitTimeout(error);

async function currentLsn(client: Tx): Promise<string> {
  const { rows } = await client.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn');
  return (rows[0] as { lsn: string }).lsn;
}

// BEGIN and the xid read travel in one simple-protocol message (one round trip instead of two): Postgres runs the
// statements in order, BEGIN opens the transaction block and the SELECT runs inside it, exactly as if they had been
// sent one after the other. pg_current_xact_id() assigns the xid right away, as before.
const BEGIN_AND_XID = 'BEGIN; SELECT pg_current_xact_id()::text AS xid';

async function begin(client: pg.PoolClient): Promise<string> {
  // A multi-statement simple query answers with one result per statement.
  const results = (await client.query(BEGIN_AND_XID)) as unknown as pg.QueryResult<{ xid: string }>[];
  const xid = results[1]?.rows[0]?.xid;
  if (xid === undefined) throw new Error('BEGIN did not return the transaction id');
  return xid;
}

interface Committed {
  id: string;
  version: number;
  xid: string;
}

async function inTransaction(client: pg.PoolClient, fn: (xid: string) => Promise<Committed>) {
  try {
    const result = await fn(await begin(client));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function execute(client: pg.PoolClient, def: CommandDefinition<Tx>, input: unknown, key?: idem.IdempotencyRequest, outbox = true): Promise<CommandResponse> {
  const status = def.creates ? 201 : 200;
  const result = await inTransaction(client, async (xid) => {
    const { id, version, events } = await def.handle(client, input);
    if (outbox) await appendEvents(client, events);
    if (key) await idem.storeResponse(client, key, { status, body: { id, version, xid } });
    return { id, version, xid };
  });
  // The LSN stays a round trip of its own, sent only once COMMIT has answered: the commit record is then in the
  // WAL, so the insert position read is at or after it.
  const position = encodePosition({ xid: BigInt(result.xid), lsn: await currentLsn(client) });
  if (key) await idem.storePosition(client, key, position);
  return { status, body: { id: result.id, version: result.version, position } };
}

async function replayOrExecute(client: pg.PoolClient, def: CommandDefinition<Tx>, input: unknown, key: idem.IdempotencyRequest): Promise<CommandResponse> {
  await idem.lockIdempotencyKey(client, key);
  try {
    const stored = await idem.findStoredResponse(client, key);
    if (!stored) return await execute(client, def, input, key);
    const { id, version, xid } = stored.body;
    // A crash between COMMIT and storePosition leaves no token; any LSN read now is past that commit, so still valid.
    const position = stored.body.position ?? encodePosition({ xid: BigInt(xid), lsn: await currentLsn(client) });
    return { status: stored.status, body: { id, version, position } };
  } finally {
    await idem.unlockIdempotencyKey(client, key);
  }
}

export function createCommandRunner({ pool, logger, retries = 10, outbox = true, queueMax = 200 }: CommandRunnerDeps) {
  async function attempt(def: CommandDefinition<Tx>, input: unknown, key?: idem.IdempotencyRequest): Promise<CommandResponse> {
    if (pool.waitingCount >= queueMax) throw new OverloadedError(`${pool.waitingCount} commands already wait for a database connection`);
    const client = await pool.connect().catch((error: unknown) => {
      throw poolExhausted(pool, error) ? new OverloadedError('every database connection stayed busy', { cause: error }) : translatePgError(error);
    });
    let broken: Error | undefined;
    try {
      return key ? await replayOrExecute(client, def, input, key) : await execute(client, def, input, undefined, outbox);
    } catch (error) {
      const translated = translatePgError(error);
      // An untranslated error may have left the session in an unknown state: do not return it to the pool.
      if (translated === error && !(error as { status?: number }).status) broken = error as Error;
      throw translated;
    } finally {
      client.release(broken);
    }
  }

  const run = (def: CommandDefinition<Tx>, input: unknown, key?: idem.IdempotencyRequest): Promise<CommandResponse> =>
    retry(() => attempt(def, input, key), {
      retries,
      initialMs: 5,
      maxMs: 250,
      onRetry: (error, n) => logger.debug({ command: def.name, attempt: n, err: error }, 'retrying transaction'),
    });

  return { run };
}

export type CommandRunner = ReturnType<typeof createCommandRunner>;
