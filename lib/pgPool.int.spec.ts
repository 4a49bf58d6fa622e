// A checked-out client whose server session ends (Postgres shutting down, a terminated backend) must not end the
// process: without a listener of its own, pg's 'error' event is unhandled and Node exits (T10).
import pg from 'pg';
import { waitFor } from './waitFor.js';
import { surviveConnectionErrors } from './pgPool.js';
import { adminConfig, createAdminPool } from '../testkit/pg.js';

const admin = createAdminPool();
afterAll(() => admin.end());

it('a checked-out client whose session is terminated reports the error and the pool serves the next query', async () => {
  const errors: Error[] = [];
  const pool = surviveConnectionErrors(new pg.Pool({ ...adminConfig(), max: 2 }), (error) => void errors.push(error));
  try {
    const client = await pool.connect();
    await client.query('BEGIN');
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    // Between two statements of a transaction: no query is active to receive the error.
    await admin.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
    await waitFor(() => errors.length > 0, { timeoutMs: 10_000, description: 'the connection error reported' });
    client.release(errors[0]);
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  } finally {
    await pool.end();
  }
});
