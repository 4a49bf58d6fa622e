// Rebuilds against the real stack: under load with a continuous reader, killed halfway, and applying a mapping
// change (the projection frozen until then; the new index named after its declared version). The first two are
// repairs of an unchanged declaration, so they name their version (--version): without it a rebuild of the declared
// version, which exists, is refused.
// Each test uses the harness's own index prefix, topics and groups.
import { spawn } from 'node:child_process';
import { createKeyring } from '../../lib/keyring.js';
import { capacityIndex } from '../../lib/names.js';
import { waitFor } from '../../lib/waitFor.js';
import { startIsolatedProjector, type IsolatedProjector } from '../../testkit/isolatedProjector.js';
import { startCommandLoad, startReader } from '../../testkit/lifecycleLoad.js';
import { resolveAliases } from '../../model/adapters/elasticsearch/aliases.js';
import type { RebuildMeasurement } from '../../model/adapters/elasticsearch/capacityStore.js';
import { liveMapping } from '../../model/adapters/elasticsearch/indexes.js';
import { createMetricsServer } from '../metricsServer.js';
import { frozenProjections } from '../metrics.js';
import { computed } from '../../model/projections/define.js';
import { ordersProjection } from '../../model/projections/orders/orders.js';
import type { Projection } from '../../model/projections/declaration.js';
import { createProjector } from '../assembly/projector.js';
import { checkLiveMapping } from './mappingCheck.js';
import { rebuildProjection } from './rebuild.js';

let h: IsolatedProjector;
const alias = () => `${h.tag}-orders`;
const liveIndex = async () => (await resolveAliases(h.es, [alias()])).get(alias());

const converged = (projection: Projection = ordersProjection) =>
  waitFor(async () => {
    const r = await h.verify(projection);
    return r.missing.length + r.extra.length + r.stale.length === 0 ? r : undefined;
  }, { timeoutMs: 150_000, intervalMs: 2_000, description: 'orders converged' });

beforeAll(async () => {
  h = await startIsolatedProjector({ from: 'start' });
  await converged();
}, 180_000);
afterAll(async () => h?.close());

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/sluice.ts', ...args], {
    env: { ...process.env, PROJECTOR_INDEX_PREFIX: `${h.tag}-`, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out })));
}

describe('sluice rebuild', () => {
  it('repairs orders (--version 2) under a command load while a reader queries the alias: no failed query, nothing lost', async () => {
    const load = await startCommandLoad(h.admin, async (id) => (await h.doc('orders', id)) !== undefined);
    const reader = startReader(h.es, alias());
    await waitFor(() => load.orderIds.length >= 20, { timeoutMs: 30_000, description: 'load running' });
    const report = await rebuildProjection({ projection: ordersProjection, version: 2, pg: h.projectorPool, es: h.es, indexPrefix: `${h.tag}-`, chunkSize: 500, verifyTimeoutMs: 90_000 });
    const writtenDuringRebuild = load.orderIds.length;
    await waitFor(() => load.orderIds.length >= writtenDuringRebuild + 20, { timeoutMs: 30_000, description: 'load after the swap' });
    const [loadRun, readRun] = [await load.stop(), await reader.stop()];
    expect(loadRun.failures).toEqual([]);
    expect(readRun.failures).toEqual([]);
    expect(readRun.rounds).toBeGreaterThan(10);
    expect(report.to).toBe(`${h.tag}-orders_v2`);
    expect(await liveIndex()).toBe(`${h.tag}-orders_v2`);
    expect(report.verify).toMatchObject({ missing: [], extra: [], stale: [] });
    // The rebuild left its measured rate where `sluice capacity` predicts the next one from.
    const measured = (await h.es.get<RebuildMeasurement>({ index: capacityIndex(`${h.tag}-`), id: 'orders' }))._source!;
    expect(measured).toMatchObject({ projection: 'orders', index: report.to, seconds: report.seconds, docs: Math.round(report.docsPerSecond * report.loadSeconds) });
    expect(measured.docsPerSecond).toBeCloseTo(measured.docs / report.seconds, 6);
    const after = await converged();
    expect(after.checked).toBeGreaterThanOrEqual(report.verify.checked);
    // The load's orders (before, during and after the rebuild) are all in the new index, as Postgres has them.
    const last = load.orderIds.at(-1)!;
    expect((await h.doc('orders', last))?.doc).toMatchObject({ id: last, customer: { id: load.customerId } });
  }, 300_000);

  it('killed halfway leaves the live alias untouched, and a second run starts over and succeeds', async () => {
    const before = await liveIndex();
    // Without a bump the declared orders_v1 exists (kept after the repair above): refused, and nothing is built.
    const refused = await cli(['rebuild', 'orders'], {});
    expect(refused.code).toBe(1);
    expect(refused.out).toContain(`rebuild of orders refused: ${h.tag}-orders_v1 already exists`);
    expect(refused.out).toContain('`sluice rebuild orders --version 3`');
    expect((await resolveAliases(h.es, [`${h.tag}-orders_rebuild`])).size).toBe(0);
    const killed = await cli(['rebuild', 'orders', '--version', '3', '--chunk-size', '500'], { SLUICE_FAULT: 'rebuild-halfway' });
    expect(killed.signal).toBe('SIGKILL');
    expect(await liveIndex()).toBe(before);
    const leftover = (await resolveAliases(h.es, [`${h.tag}-orders_rebuild`])).get(`${h.tag}-orders_rebuild`);
    expect(leftover).toBeDefined();
    const count = await h.es.count({ index: alias() });
    expect(count.count).toBeGreaterThan(0);
    expect(leftover).toBe(`${h.tag}-orders_v3`);
    // The leftover above the live version is what an interrupted run left: the same command deletes it and starts over.
    const second = await cli(['rebuild', 'orders', '--version', '3', '--chunk-size', '500'], {});
    expect(second.code).toBe(0);
    expect(second.out).toContain(`deleted half-built ${leftover} left by an interrupted rebuild; starting over`);
    expect(await liveIndex()).toBe(leftover);
    expect((await resolveAliases(h.es, [`${h.tag}-orders_rebuild`])).size).toBe(0);
    await converged();
  }, 300_000);

  it('a mapping change (version bumped in code) is reported at start-up and applied by a rebuild named after the declared version', async () => {
    // Live is v3 by now (repairs into v2 and v3 above): the declaration bumped to 9 builds orders_v9 (indexVersions.ts).
    const variant: Projection = { ...ordersProjection, version: 9, fields: { ...ordersProjection.fields, channel: computed('keyword', [], () => `'web'`) } };
    const settings = { ...h.settings, projections: [variant], groupPrefix: `${h.settings.groupPrefix}-v`, dirtyPrefix: `${h.settings.dirtyPrefix}-v` };
    const projector = createProjector(settings);
    await projector.start();
    try {
      const status = projector.mappingStatus().find((m) => m.projection === 'orders');
      expect(status).toMatchObject({ matches: false, diff: { added: ['channel'], removed: [], changed: [] } });
      expect(status?.message).toContain('run `sluice rebuild orders`');
      // Frozen as a state: the gauge is 1 from start-up, and /ready stays 200 but names it, why and the fix.
      expect(await frozenProjections(projector.metrics)).toEqual(['orders']);
      const server = createMetricsServer(projector, createKeyring(new Map([['test-ops', new Set(['ops'])]]))).listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      const { port } = server.address() as { port: number };
      const ready = await fetch(`http://127.0.0.1:${port}/ready`, { headers: { authorization: 'Bearer test-ops' } });
      // Without an ops key /ready says ready and nothing of the projections.
      const bare = await (await fetch(`http://127.0.0.1:${port}/ready`)).json();
      server.close();
      expect(bare).toEqual({ status: 'ready' });
      expect(ready.status).toBe(200);
      const live = await liveIndex();
      expect(await ready.json()).toEqual({
        status: 'ready',
        frozen: [{
          projection: 'orders', index: live, difference: 'added channel', declared: 9, command: 'sluice rebuild orders',
          reason: `projection orders is frozen: index ${live} has a different mapping from the declaration (added channel); run \`sluice rebuild orders\``,
        }],
      });
      const report = await rebuildProjection({ projection: variant, pg: h.projectorPool, es: h.es, indexPrefix: `${h.tag}-`, verifyTimeoutMs: 90_000 });
      expect(report.to).toBe(`${h.tag}-orders_v9`);
      expect(await liveIndex()).toBe(report.to);
      expect(JSON.stringify(await liveMapping(h.es, report.to))).toContain('"channel"');
      expect((await checkLiveMapping(h.es, variant, `${h.tag}-`)).matches).toBe(true);
      const sample = await h.es.search<{ channel?: string }>({ index: alias(), size: 1 });
      expect(sample.hits.hits[0]?._source?.channel).toBe('web');
      await converged(variant);
      // The next writes clear the state of the projector whose code now matches, and freeze the harness's (old code).
      const load = await startCommandLoad(h.admin, async (id) => (await h.doc('orders', id)) !== undefined);
      await waitFor(async () => (await frozenProjections(projector.metrics)).length === 0, { timeoutMs: 60_000, description: 'variant projector unfrozen' });
      await waitFor(async () => (await frozenProjections(h.projector!.metrics)).includes('orders'), { timeoutMs: 60_000, description: 'old-code projector frozen' });
      await load.stop();
    } finally {
      await projector.stop();
    }
  }, 300_000);
});
