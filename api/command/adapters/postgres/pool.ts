// The writer pool. Timeouts bound every wait so a stuck database turns into 503s instead of piling up requests.
import pg from 'pg';

export interface PgWriterConfig {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  max: number;
}

export function createWriterPool(config: PgWriterConfig): pg.Pool {
  return new pg.Pool({
    ...config,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: 15_000,
    idle_in_transaction_session_timeout: 30_000,
    application_name: 'sluice-command-api',
  });
}

export async function pingPool(pool: pg.Pool): Promise<void> {
  await pool.query('SELECT 1');
}
