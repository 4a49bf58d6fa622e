// The ledger against Postgres. Unanswered commands are resolved through their Idempotency-Keys (the command API
// stores the response in the command's own transaction, so a stored key means committed); every acknowledgement's
// transaction must be committed (pg_xact_status of its xid); and the workload's model of every aggregate it touched
// must be what Postgres holds now, version and content, so a lost commit whose version number was reused shows.
// The SQL here is written for the test, apart from the projections' SQL.
import type pg from 'pg';
import type { StoreModel } from './model.js';
import type { Acknowledged, Unanswered } from './workload.js';

export interface LedgerFindings {
  /** Unanswered commands found committed (now part of the ledger) and found not to have happened. */
  resolvedCommitted: number;
  resolvedAbsent: number;
  /** Acknowledged transactions Postgres does not report committed. */
  uncommitted: string[];
  /** Model and Postgres disagree (or the ledger's versions have a gap). */
  mismatches: string[];
}

type Stored = { key: string; status_code: number; response: { id: string; version: number; xid: string } };

/** Acknowledgements for the unanswered commands that committed. */
export async function resolveUnanswered(
  pool: pg.Pool,
  unanswered: readonly Unanswered[],
): Promise<{ committed: Acknowledged[]; absent: number }> {
  if (unanswered.length === 0) return { committed: [], absent: 0 };
  const { rows } = await pool.query<Stored>(
    'SELECT key, status_code, response FROM idempotency_keys WHERE key = ANY($1::text[])',
    [unanswered.map((u) => u.key)],
  );
  const stored = new Map(rows.map((r) => [r.key, r]));
  const committed: Acknowledged[] = [];
  for (const u of unanswered) {
    const s = stored.get(u.key);
    if (!s || s.status_code >= 300) continue;
    committed.push({
      command: u.command,
      aggregate: u.aggregate,
      id: s.response.id,
      version: s.response.version,
      xid: s.response.xid,
      effect: u.effect,
      key: u.key,
      sentAt: u.sentAt,
      at: u.sentAt,
    });
  }
  return { committed, absent: unanswered.length - committed.length };
}

async function xactStatus(pool: pg.Pool, ledger: readonly Acknowledged[]): Promise<string[]> {
  const xids = [...new Set(ledger.map((a) => a.xid))];
  const { rows } = await pool.query<{ x: string; s: string | null }>(
    'SELECT x, pg_xact_status(x::xid8) AS s FROM unnest($1::text[]) AS x',
    [xids],
  );
  return rows.filter((r) => r.s !== 'committed').map((r) => `xid ${r.x} is ${r.s ?? 'unknown'}`);
}

const sameLines = (a: Map<string, number>, b: Record<string, number>) =>
  a.size === Object.keys(b).length && [...a].every(([k, v]) => b[k] === v);

async function compare(pool: pg.Pool, model: StoreModel): Promise<string[]> {
  const out: string[] = [];
  const orders = await pool.query<{
    id: string;
    customer_id: string;
    status: string;
    total_cents: string;
    version: number;
    lines: Record<string, number>;
  }>(
    `SELECT o.id::text, o.customer_id::text, o.status, o.total_cents::text, o.version,
            coalesce((SELECT json_object_agg(l.product_id::text, l.quantity) FROM order_lines l WHERE l.order_id = o.id), '{}'::json) AS lines
       FROM orders o WHERE o.id = ANY($1::uuid[])`,
    [[...model.orders.keys()]],
  );
  const found = new Map(orders.rows.map((r) => [r.id, r]));
  for (const m of model.orders.values()) {
    const r = found.get(m.id);
    if (!r) out.push(`orders/${m.id}: acknowledged at version ${m.version}, absent in Postgres`);
    else if (
      r.version !== m.version ||
      r.status !== m.status ||
      Number(r.total_cents) !== m.totalCents ||
      r.customer_id !== m.customerId ||
      !sameLines(m.lines, r.lines)
    ) {
      out.push(
        `orders/${m.id}: model v${m.version} ${m.status} ${m.totalCents}, Postgres v${r.version} ${r.status} ${r.total_cents}`,
      );
    }
  }
  const customers = await pool.query<{ id: string; name: string; version: number }>(
    'SELECT id::text, name, version FROM customers WHERE id = ANY($1::uuid[])',
    [[...model.customers.keys()]],
  );
  const c = new Map(customers.rows.map((r) => [r.id, r]));
  for (const m of model.customers.values()) {
    const r = c.get(m.id);
    if (!r || r.name !== m.name || r.version !== m.version)
      out.push(
        `customers/${m.id}: model v${m.version} ${m.name}, Postgres ${r ? `v${r.version} ${r.name}` : 'absent'}`,
      );
  }
  const products = await pool.query<{ id: string; name: string; version: number; stock: number }>(
    'SELECT id::text, name, version, stock FROM products WHERE id = ANY($1::uuid[])',
    [[...model.products.keys()]],
  );
  const p = new Map(products.rows.map((r) => [r.id, r]));
  for (const m of model.products.values()) {
    const r = p.get(m.id);
    if (!r || r.name !== m.name || r.version !== m.version || r.stock !== m.stock) {
      out.push(
        `products/${m.id}: model v${m.version} stock ${m.stock} ${m.name}, Postgres ${r ? `v${r.version} stock ${r.stock} ${r.name}` : 'absent'}`,
      );
    }
  }
  return out;
}

export async function checkLedger(
  pool: pg.Pool,
  ledger: readonly Acknowledged[],
  model: StoreModel,
): Promise<Pick<LedgerFindings, 'uncommitted' | 'mismatches'>> {
  return {
    uncommitted: await xactStatus(pool, ledger),
    mismatches: [...model.gaps, ...(await compare(pool, model))],
  };
}
