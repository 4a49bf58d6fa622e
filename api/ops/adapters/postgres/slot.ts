// Reads the replication slot from Postgres monitoring views only, as the ops role (pg_monitor): no business table
// is ever touched. Numbers arrive as text (numeric and LSN arithmetic exceed int4) and are converted here.
import pg from 'pg';
import type { SlotFigures } from '../../lag/sample.js';
import type { SlotHolder } from '../../recovery/connectorRecovery.js';

export interface OpsPgSettings {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
}

export const createOpsPool = (s: OpsPgSettings): pg.Pool =>
  new pg.Pool({
    ...s,
    max: 2,
    connectionTimeoutMillis: 3_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: 3_000,
    application_name: 'sluice-ops',
  });

// LEFT JOIN from a one-row relation so that a missing slot is a row with nulls, not an empty result.
const SLOT_SQL = `
SELECT pg_current_wal_lsn()::text AS current_lsn,
       pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text AS wal_position,
       s.slot_name, s.active, s.wal_status, s.safe_wal_size::text AS safe_wal_size,
       s.confirmed_flush_lsn::text AS confirmed_flush_lsn,
       pg_wal_lsn_diff(pg_current_wal_lsn(), s.confirmed_flush_lsn)::text AS lag_bytes,
       pg_wal_lsn_diff(pg_current_wal_lsn(), s.restart_lsn)::text AS retained_bytes,
       (extract(epoch FROM r.flush_lag) * 1000)::text AS flush_lag_ms
  FROM (SELECT 1) AS one
  LEFT JOIN pg_replication_slots s ON s.slot_name = $1
  LEFT JOIN pg_stat_replication r ON r.pid = s.active_pid`;

interface SlotRow {
  current_lsn: string;
  wal_position: string;
  slot_name: string | null;
  active: boolean | null;
  wal_status: string | null;
  safe_wal_size: string | null;
  confirmed_flush_lsn: string | null;
  lag_bytes: string | null;
  retained_bytes: string | null;
  flush_lag_ms: string | null;
}

const num = (text: string | null): number | null => (text === null ? null : Math.round(Number(text)));

export function createSlotProbe(pool: pg.Pool, slotName: string) {
  return async (): Promise<SlotFigures> => {
    const { rows } = await pool.query<SlotRow>(SLOT_SQL, [slotName]);
    const row = rows[0];
    if (!row) throw new Error('pg_current_wal_lsn() returned no row');
    return {
      slotName,
      exists: row.slot_name !== null,
      active: row.active,
      walStatus: row.wal_status,
      lagBytes: num(row.lag_bytes),
      retainedWalBytes: num(row.retained_bytes),
      safeWalSizeBytes: num(row.safe_wal_size),
      flushLagMs: num(row.flush_lag_ms),
      currentLsn: row.current_lsn,
      walPositionBytes: num(row.wal_position) ?? 0,
      confirmedFlushLsn: row.confirmed_flush_lsn,
    };
  };
}

/** Who holds the slot and how far it confirmed, and a way to end that session (pg_signal_backend). */
export function createSlotHolderProbe(pool: pg.Pool, slotName: string) {
  return {
    async holder(): Promise<SlotHolder> {
      const { rows } = await pool.query<{ active_pid: number | null; confirmed: string | null; current: string }>(
        `SELECT s.active_pid, s.confirmed_flush_lsn::text AS confirmed, pg_current_wal_lsn()::text AS current
           FROM (SELECT 1) AS one LEFT JOIN pg_replication_slots s ON s.slot_name = $1`,
        [slotName],
      );
      const row = rows[0];
      return { activePid: row?.active_pid ?? null, confirmedLsn: row?.confirmed ?? null, currentLsn: row?.current ?? '' };
    },
    async terminate(pid: number): Promise<boolean> {
      const { rows } = await pool.query<{ ended: boolean }>('SELECT pg_terminate_backend($1) AS ended', [pid]);
      return rows[0]?.ended ?? false;
    },
  };
}
