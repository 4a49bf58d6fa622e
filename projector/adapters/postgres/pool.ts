// The projector's Postgres adapter: a pool logged in as the read-only projector role. Sessions run in UTC so that
// anything time-zone dependent is deterministic; connection failures become retriable ServiceErrors.
import pg from 'pg';
import { surviveConnectionErrors } from '../../../lib/pgPool.js';
import { ServiceError } from '../../../lib/errors.js';
import type { SqlPool } from '../../ports.js';

export interface PostgresSettings {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  max?: number;
}

/** SQLSTATE classes that a later attempt can cure: connection, resources, operator intervention, serialization. */
const retriable = (error: unknown): boolean => {
  const code = (error as { code?: unknown }).code;
  return typeof code !== 'string' || /^(08|53|57|40)/.test(code);
};

const translate = (error: unknown): Error =>
  retriable(error) ? new ServiceError(`postgres: ${(error as Error).message}`, { cause: error }) : (error as Error);

export function createPostgresPool(settings: PostgresSettings): SqlPool {
  const pool = new pg.Pool({ ...settings, max: settings.max ?? 4, options: '-c TimeZone=UTC -c statement_timeout=60000' });
  // The statement in flight fails and is retried by the stage; nothing else to do with the error here.
  surviveConnectionErrors(pool, () => undefined);
  return {
    async query(sql, params) {
      try {
        return await pool.query(sql, params as unknown[]);
      } catch (error) {
        throw translate(error);
      }
    },
    async session() {
      const client = await pool.connect().catch((error: unknown) => Promise.reject(translate(error)));
      return {
        query: async (sql, params) => client.query(sql, params as unknown[]).catch((error: unknown) => Promise.reject(translate(error))),
        release: (error) => client.release(error),
      };
    },
    end: () => pool.end(),
  };
}
