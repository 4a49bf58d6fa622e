// T26 in small, against the real stack: Kafka Connect is stopped through the launcher while rows keep arriving.
// /ops/lag must show the connector failing, the slot inactive and its retained WAL growing; once Connect is back
// (the launcher re-registers the connector) every stage returns to ok and the slot lag to about zero.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { waitFor } from '../../lib/waitFor.js';
import { createContext, down, infraComponents, up } from '../../infra/native/index.js';
import type { LagReport } from '../../api/ops/lag/lagReport.js';
import { createAdminPool } from '../../testkit/pg.js';
import { startOpsHarness, type OpsHarness } from '../../testkit/opsHarness.js';

const connect = infraComponents.filter((c) => c.name === 'connect');
const ctx = createContext(process.env, () => undefined);
const NEAR_ZERO_BYTES = 1024 * 1024;

let ops: OpsHarness;
let admin: pg.Pool;

beforeAll(async () => {
  // The CDC topics are shared with every other suite (and benchmarks) running on this stack: consumer lag and
  // dirty backlog limits are raised so that their load cannot hide what this test is about (connector and slot).
  // A short freshness window keeps the wait for "ok" after the outage short.
  ops = await startOpsHarness({ OPS_FRESHNESS_WINDOW_MS: '10000', OPS_MAX_CONSUMER_LAG: '1000000', OPS_MAX_DIRTY_BACKLOG: '1000000' });
  admin = createAdminPool();
}, 180_000);

afterAll(async () => {
  await up(ctx, connect);
  await admin?.end();
  await ops?.close();
}, 180_000);

async function writeCustomers(n: number): Promise<void> {
  const rows = Array.from({ length: n }, () => randomUUID());
  await admin.query(
    `INSERT INTO customers (id, name, email, city, tier) SELECT id, 'Outage ' || id, id || '@example.com', 'Oslo', 'standard' FROM unnest($1::uuid[]) AS id`,
    [rows],
  );
}

/** Keeps writing rows while it waits, as production traffic would. */
const whileWriting = <T>(probe: () => Promise<T | undefined>, description: string) =>
  waitFor(async () => {
    await writeCustomers(50);
    return probe();
  }, { timeoutMs: 90_000, intervalMs: 500, description });

describe('ops during a Kafka Connect outage', () => {
  it('reports the connector down and WAL piling up, then recovers to ok', async () => {
    const healthy = await ops.waitForStatus(['ok'], 170_000);
    expect(healthy.stages.connector.figures?.state).toBe('RUNNING');

    await down(ctx, connect);
    let during: LagReport;
    try {
      during = await whileWriting(async () => {
        const r = await ops.lag();
        return r.stages.connector.status === 'failing' && r.stages.slot.figures?.active === false ? r : undefined;
      }, 'connector failing and slot inactive');
      expect(['degraded', 'failing']).toContain(during.status);
      expect(during.stages.connector.unavailable ?? during.stages.connector.reasons.join()).toMatch(/unreachable|not registered/i);
      const retainedAtStop = during.stages.slot.figures?.retainedWalBytes ?? 0;
      const lagAtStop = during.stages.slot.figures?.lagBytes ?? 0;
      during = await whileWriting(async () => {
        const r = await ops.lag();
        const slot = r.stages.slot.figures;
        return slot && (slot.retainedWalBytes ?? 0) > retainedAtStop && (slot.lagBytes ?? 0) > lagAtStop ? r : undefined;
      }, 'retained WAL growing');
      expect(during.status).toBe('failing');
    } finally {
      await up(ctx, connect);
    }

    const peakRetained = during.stages.slot.figures?.retainedWalBytes ?? 0;
    const recovered = await waitFor(async () => {
      const r = await ops.lag();
      const slot = r.stages.slot.figures;
      const settled = slot && slot.active && (slot.lagBytes ?? Infinity) < NEAR_ZERO_BYTES && (slot.retainedWalBytes ?? Infinity) < peakRetained;
      return r.status === 'ok' && settled ? r : undefined;
    }, { timeoutMs: 170_000, intervalMs: 500, description: 'every stage ok and the slot drained' });
    expect(recovered.stages.connector.figures?.tasks.every((t) => t.state === 'RUNNING')).toBe(true);
    expect(recovered.stages.slot.figures?.walStatus).toBe('reserved');
  }, 480_000);
});
