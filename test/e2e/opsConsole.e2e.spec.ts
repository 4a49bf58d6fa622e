// The console in a real headless Chromium against the real stack: enter the ops key, see every pipeline stage
// with a number, place an order through the command API and watch throughput and the index size move.
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { waitFor } from '../../lib/waitFor.js';
import { projectionNames } from '../../model/registry.js';
import { ensureChromium } from '../../infra/native/ensureChromium.js';
import { seed, startCommandApp, type CommandClient } from '../../testkit/commandApp.js';
import { startOpsHarness, type OpsHarness } from '../../testkit/opsHarness.js';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let ops: OpsHarness;
let commands: CommandClient;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const executablePath = await ensureChromium();
  // One at a time, so that afterAll can close whatever did start if a later step fails.
  ops = await startOpsHarness({ OPS_FRESHNESS_WINDOW_MS: '15000' });
  commands = await startCommandApp();
  browser = await chromium.launch({ executablePath, args: ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await commands?.close();
  await ops?.close();
});

const text = (selector: string) => page.locator(selector).innerText();
const ordersDocs = async () => Number((await page.locator('#indexes tbody tr', { hasText: 'orders' }).locator('td').nth(2).innerText()).replace(/,/g, ''));

/** Idle: nothing behind anywhere and nothing indexed during the throughput window. */
const idle = () =>
  waitFor(async () => {
    const r = await ops.lag();
    return r.stages.kafka.figures?.lag === 0 && r.stages.dirty.figures?.group.lag === 0 && r.stages.elasticsearch.throughput.value === 0;
  }, { timeoutMs: 150_000, intervalMs: 500, description: 'an idle pipeline' });

describe('the ops console', () => {
  it('asks for the key and refuses a wrong one', async () => {
    await page.goto(`${ops.url}/console`);
    await page.locator('#key').fill('not-a-key');
    await page.locator('#login button').click();
    await page.locator('#login-error', { hasText: 'valid API key' }).waitFor();
    expect(await page.locator('#dashboard').isHidden()).toBe(true);
  });

  it('shows every stage with a number once the key is given', async () => {
    await page.locator('#key').fill(ops.key);
    await page.locator('#login button').click();
    await page.locator('#pipeline g[data-stage]').first().waitFor();
    const stages = await page.locator('#pipeline g[data-stage]').evaluateAll((nodes) => nodes.map((n) => [n.getAttribute('data-stage'), n.textContent ?? '']));
    expect(stages.map(([name]) => name)).toEqual(['postgres', 'debezium', 'kafka', 'projector', 'elasticsearch']);
    for (const [, content] of stages) expect(content).toMatch(/\d/);
    expect(await text('#card-dead-letters .value')).toMatch(/^\d+$/);
  });

  it('shows throughput and the orders index grow when an order is placed', async () => {
    const { customerId, productIds } = await seed(commands, [10]);
    await idle();
    await page.locator('#card-throughput-elasticsearch .value', { hasText: /^0(\.0)? docs\/s$/ }).waitFor({ timeout: 15_000 });
    const before = await ordersDocs();
    const placed = await commands.send('place-order', { customerId, lines: [{ productId: productIds[0], quantity: 2 }] });
    expect(placed.status).toBe(201);
    await waitFor(async () => /^[1-9]|^0\.[1-9]/.test(await text('#card-throughput-elasticsearch .value')), { timeoutMs: 60_000, description: 'indexing throughput above 0' });
    await waitFor(async () => (await ordersDocs()) === before + 1, { timeoutMs: 60_000, description: 'one more order document' });
    // The console finds an order by its id (the ops search reads no personal field: api/ops/search/search.int.spec.ts).
    await page.locator('#q').fill(placed.body.id);
    // The picker lists the registered projections, which the page itself never names.
    await waitFor(async () => (await page.locator('#projection option').allInnerTexts()).join() === ['all', ...projectionNames].join(), { timeoutMs: 10_000, description: 'the projection picker filled' });
    await page.locator('#projection').selectOption('orders');
    await page.locator('#search button').click();
    // The summary shows the fields the orders declaration marks for query use.
    expect(await page.locator('#hits li', { hasText: placed.body.id }).innerText()).toMatch(/status: pending · .*totalCents: 2500/);
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/console.png', fullPage: true });
  });

  it('shows where the time went, stage by stage, and what each change cost', async () => {
    const searchable = async () => (await ops.lag()).stages.freshness.figures?.budget.find((b) => b.stage === 'searchable')?.observations ?? 0;
    await waitFor(async () => (await searchable()) > 0, { timeoutMs: 60_000, description: 'a searchable observation in the budget' });
    const report = await ops.lag();
    expect(report.stages.freshness.figures?.budget.map((b) => b.stage)).toEqual(['captured', 'resolved', 'hydrated', 'indexed', 'searchable']);
    expect(report.stages.routing).toMatchObject({ status: 'ok', figures: { tables: expect.arrayContaining([expect.objectContaining({ table: 'products', beforeImages: true })]) } });
    expect(report.stages.routing.figures?.routed).toBeGreaterThan(0);
    await page.locator('#card-budget .value', { hasText: /\d/ }).waitFor({ timeout: 15_000 });
    expect(await text('#card-budget .detail')).toMatch(/searchable \d/);
    expect(await text('#card-fan-out .detail')).toMatch(/\d+ routed/);
  });
});
