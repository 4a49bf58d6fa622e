// docs/reliability.md T27, the heartbeat and its negative control, against the running stack. Only a table outside
// every publication is written for a while. The table connector (heartbeat.action.query every 250 ms on a captured
// table) must keep its slot's confirmed_flush_lsn moving past everything written, so its retained WAL stays
// bounded. A second connector on the same worker, with a slot and a publication of its own and no heartbeat at all,
// must not: its confirmed_flush_lsn stays where it was and its retained WAL grows by at least what was written.
import type pg from 'pg';
import { connectorSettings } from '../../connectors/register.js';
import { connectFetch, connectRestFrom } from '../../connectors/rest.js';
import { TABLE_CONNECTOR } from '../../lib/names.js';
import { waitFor } from '../../lib/waitFor.js';
import { createAdminPool } from '../../testkit/pg.js';

const QUIET = 't27-no-heartbeat';
const SLOT = 't27_no_heartbeat_slot';
const PUBLICATION = 't27_no_heartbeat_publication';
const OUTSIDE = 't27_outside_publication';
const WRITE_MS = 20_000;
const MAIN_SLOT = connectorSettings(TABLE_CONNECTOR)['slot.name'] ?? 'sluice_slot';

let admin: pg.Pool;
const connect = connectRestFrom(process.env);

type SlotState = { active: boolean; confirmed: string | null; retained: number; written: string };
async function slot(name: string): Promise<SlotState | undefined> {
  const { rows } = await admin.query<{ active: boolean; confirmed: string | null; retained: string; written: string }>(
    `SELECT active, confirmed_flush_lsn::text AS confirmed, pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::text AS retained,
            pg_current_wal_lsn()::text AS written
       FROM pg_replication_slots WHERE slot_name = $1`,
    [name],
  );
  const r = rows[0];
  return r && { active: r.active, confirmed: r.confirmed, retained: Number(r.retained), written: r.written };
}

const lsnDiff = async (a: string, b: string) =>
  Number((await admin.query<{ d: string }>('SELECT pg_wal_lsn_diff($1::pg_lsn, $2::pg_lsn)::text AS d', [a, b])).rows[0]?.d);

beforeAll(async () => {
  admin = createAdminPool();
  await admin.query(`CREATE TABLE IF NOT EXISTS ${OUTSIDE} (id bigserial PRIMARY KEY, payload text NOT NULL)`);
  await admin.query(`CREATE TABLE IF NOT EXISTS t27_quiet (id integer PRIMARY KEY)`);
  await admin.query(`DROP PUBLICATION IF EXISTS ${PUBLICATION}`);
  await admin.query(`CREATE PUBLICATION ${PUBLICATION} FOR TABLE t27_quiet`);
  // The table connector's own configuration (its secrets reference included), minus everything heartbeat.
  const own = (await (await connectFetch(connect, `/connectors/${TABLE_CONNECTOR}/config`)).json()) as Record<string, string>;
  const quiet: Record<string, string> = { ...own, name: QUIET, 'slot.name': SLOT, 'publication.name': PUBLICATION, 'topic.prefix': 't27', 'table.include.list': 'public.t27_quiet', 'snapshot.mode': 'no_data', 'heartbeat.interval.ms': '0' };
  for (const key of Object.keys(quiet)) if (/^(heartbeat\.action\.query|signal\.|notification\.)/.test(key)) delete quiet[key];
  const put = await connectFetch(connect, `/connectors/${QUIET}/config`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(quiet) });
  expect(put.ok).toBe(true);
  await waitFor(async () => (await slot(SLOT))?.active === true && (await slot(SLOT))?.confirmed !== null, { timeoutMs: 120_000, intervalMs: 500, description: 'the quiet connector streams from its slot' });
}, 180_000);

afterAll(async () => {
  await connectFetch(connect, `/connectors/${QUIET}`, { method: 'DELETE' }).catch(() => undefined);
  await waitFor(async () => (await slot(SLOT))?.active !== true, { timeoutMs: 60_000, intervalMs: 500, description: 'the quiet slot released' }).catch(() => undefined);
  await admin.query(`SELECT pg_drop_replication_slot($1) FROM pg_replication_slots WHERE slot_name = $1`, [SLOT]).catch(() => undefined);
  await admin.query(`DROP PUBLICATION IF EXISTS ${PUBLICATION}`);
  await admin.query(`DROP TABLE IF EXISTS ${OUTSIDE}, t27_quiet`);
  await admin.end();
}, 120_000);

describe('T27: writes only outside the publication', () => {
  it('advance the slot with heartbeats and do not without them', async () => {
    // A settled start: the quiet slot's position must not be moving on its own before the writes begin.
    const quietBefore = await slot(SLOT);
    const start = quietBefore?.written ?? '0/0';
    const until = Date.now() + WRITE_MS;
    while (Date.now() < until) await admin.query(`INSERT INTO ${OUTSIDE} (payload) SELECT repeat(md5(random()::text), 32) FROM generate_series(1, 500)`);
    const end = (await slot(MAIN_SLOT))?.written ?? '0/0';
    const writtenBytes = await lsnDiff(end, start);
    expect(writtenBytes).toBeGreaterThan(10 * 1024 * 1024);

    // With heartbeats: the confirmed position passes the end of the writes, and what is retained is a small part of them.
    const main = await waitFor(async () => {
      const s = await slot(MAIN_SLOT);
      return s?.confirmed && (await lsnDiff(s.confirmed, end)) >= 0 ? s : undefined;
    }, { timeoutMs: 60_000, intervalMs: 250, description: "the table connector's slot confirmed past the writes" });
    expect(main.retained).toBeLessThan(writtenBytes / 4);

    // Without: the quiet slot is where it was, and it holds back at least everything written.
    const quietAfter = await slot(SLOT);
    expect(quietAfter?.active).toBe(true);
    expect(quietAfter?.confirmed).toBe(quietBefore?.confirmed);
    expect(quietAfter?.retained ?? 0).toBeGreaterThanOrEqual(writtenBytes);
  }, 180_000);
});
