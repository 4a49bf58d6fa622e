// A frozen projection as an operator meets it: the products index was created by an older declaration (one more
// field), the projector running today's code refuses to write it, and /ops/lag, the projector's /ready, `sluice lag`
// and the console in a real headless Chromium all name the projection, the mapping difference and the command that
// unfreezes it. Running that very command clears the state everywhere.
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { waitFor } from '../../lib/waitFor.js';
import { indexNames } from '../../lib/names.js';
import { lagReportSchema } from '../../api/ops/openapi.js';
import type { IndexReport, LagReport } from '../../api/ops/lag/lagReport.js';
import { ensureChromium } from '../../infra/native/ensureChromium.js';
import { ensureIndex } from '../../model/adapters/elasticsearch/indexes.js';
import { computed } from '../../model/projections/define.js';
import type { Projection } from '../../model/projections/declaration.js';
import { productsProjection } from '../../model/projections/products/products.js';
import { startOpsHarness, type OpsHarness } from '../../testkit/opsHarness.js';
import { runSluice } from '../../testkit/sluiceCli.js';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// What an older release declared: the same projection and version with a field today's code no longer has (the
// mapping changed without a bump), so the command that unfreezes it names the next version: the plain
// `sluice rebuild products` would build the declared products_v1, which exists, and is refused.
const older: Projection = { ...productsProjection, fields: { ...productsProjection.fields, legacy_code: computed('keyword', [], () => `'x'`) } };

let ops: OpsHarness;
let browser: Browser;
let page: Page;
let names: { alias: string; index: string };

beforeAll(async () => {
  const executablePath = await ensureChromium();
  ops = await startOpsHarness({}, { before: async (p) => void (await ensureIndex(p.es, older, p.settings.indexPrefix)) });
  names = indexNames(productsProjection, ops.projector.settings.indexPrefix);
  browser = await chromium.launch({ executablePath, args: ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await ops?.close();
});

const productsIn = (report: LagReport): IndexReport | undefined => report.stages.elasticsearch.figures?.find((i) => i.projection === 'products');
const command = 'sluice rebuild products --version 2';
const reason = () =>
  `projection products is frozen: index ${names.index} has a different mapping from the declaration (removed legacy_code); run \`${command}\`, ` +
  'or bump `version` in the declaration (now 1) to 2 and run `sluice rebuild products`';
const ready = async () => (await fetch(`${ops.projectorUrl}/ready`, { headers: { authorization: `Bearer ${ops.key}` } })).json();

describe('a frozen projection', () => {
  it('is named in /ops/lag with the mapping difference and the command that unfreezes it, in the documented shape', async () => {
    const report = await waitFor(async () => {
      const r = await ops.lag();
      return productsIn(r)?.frozen ? r : undefined;
    }, { timeoutMs: 60_000, intervalMs: 500, description: 'products frozen in /ops/lag' });
    expect(productsIn(report)).toMatchObject({
      index: names.index,
      frozen: true,
      freeze: { index: names.index, difference: 'removed legacy_code', command },
    });
    expect(report.stages.elasticsearch.figures?.filter((i) => i.frozen).map((i) => i.projection)).toEqual(['products']);
    expect(report.stages.elasticsearch).toMatchObject({ status: 'failing', reasons: [reason()] });
    // The OpenAPI schema keeps every field the report has (zod drops what it does not declare).
    expect(lagReportSchema.parse(report)).toEqual(report);
  });

  it('is named by the projector /ready to an ops key, which stays 200; without one /ready says only ready', async () => {
    expect(await (await fetch(`${ops.projectorUrl}/ready`)).json()).toEqual({ status: 'ready' });
    const response = await fetch(`${ops.projectorUrl}/ready`, { headers: { authorization: `Bearer ${ops.key}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ready',
      frozen: [{ projection: 'products', index: names.index, difference: 'removed legacy_code', declared: 1, command, reason: reason() }],
    });
  });

  it('is printed by `sluice lag`, which exits 2', async () => {
    const run = await runSluice(['lag'], { OPS_URL: ops.url, API_OPS_KEY: ops.key });
    expect(run.code).toBe(2);
    expect(run.out).toContain('products FROZEN');
    expect(run.out).toContain(`elasticsearch: ${reason()}`);
  });

  it('is shown on the console: marked in the index table with why and the command, and in the reasons', async () => {
    await page.goto(`${ops.url}/console`);
    await page.locator('#key').fill(ops.key);
    await page.locator('#login button').click();
    const row = page.locator('#indexes tr[data-projection="products"][data-frozen="true"]');
    await row.waitFor({ timeout: 30_000 });
    expect(await row.locator('td').first().innerText()).toBe('products FROZEN');
    const detail = page.locator('#indexes tr.frozen[data-frozen-projection="products"]');
    expect(await detail.innerText()).toBe(`Not written: ${names.index}'s mapping differs from the declaration (removed legacy_code). Unfreeze with ${command}`);
    expect(await detail.locator('code.command').innerText()).toBe(command);
    expect(await page.locator('#indexes tr[data-frozen="true"]').count()).toBe(1);
    expect(await page.locator('#reasons li', { hasText: reason() }).innerText()).toBe(`elasticsearch: ${reason()}`);
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/console-frozen.png', fullPage: true });
  });

  it('clears everywhere once the command it names has run (the plain rebuild, of the existing declared version, is refused)', async () => {
    const plain = await runSluice(['rebuild', 'products'], ops.projector.cliEnv);
    expect(plain.code).toBe(1);
    expect(plain.out).toContain(`rebuild of products refused: ${names.index} already exists`);
    expect(await ops.projector.es.indices.exists({ index: names.index })).toBe(true);
    const named = productsIn(await ops.lag())?.freeze?.command ?? '';
    expect(named).toBe(command);
    const [program, ...args] = named.split(' ');
    expect(program).toBe('sluice');
    const rebuild = await runSluice(args, ops.projector.cliEnv);
    expect(rebuild.code).toBe(0);
    const rebuilt = indexNames({ ...productsProjection, version: 2 }, ops.projector.settings.indexPrefix).index;
    expect(rebuild.out).toContain(`rebuilt products: ${names.index} -> ${rebuilt}`);
    // The frozen version held nothing: it is no version to roll back to, so the rebuild removed it.
    expect(rebuild.out).toContain(`dropped old ${names.index} (empty;`);
    expect(await ops.projector.es.indices.exists({ index: names.index })).toBe(false);
    // A quiet projection clears too: the projector re-checks a frozen one, it does not wait for a change.
    const report = await waitFor(async () => {
      const r = await ops.lag();
      return productsIn(r)?.frozen === false ? r : undefined;
    }, { timeoutMs: 60_000, intervalMs: 500, description: 'products no longer frozen in /ops/lag' });
    expect(productsIn(report)).toMatchObject({ index: rebuilt, frozen: false, freeze: null });
    expect(report.stages.elasticsearch.reasons).toEqual([]);
    expect(await ready()).toEqual({ status: 'ready' });
    await page.locator('#indexes tr[data-frozen="true"]').waitFor({ state: 'detached', timeout: 30_000 });
    expect(await page.locator('#indexes tr.frozen').count()).toBe(0);
    expect(await page.locator('#indexes tr[data-projection="products"] td').nth(1).innerText()).toBe(rebuilt);
  });
});
