// docs/reliability.md T28: two projector instances in one consumer group under a write load; one is killed
// (SIGKILL, a child process) mid-stream. Its partitions move to the survivor after the session timeout;
// everything converges and no document's version ever goes back, neither Elasticsearch's external version nor
// the row's own `version`.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../lib/waitFor.js';
import { startIsolatedProjector, type IsolatedProjector } from '../testkit/isolatedProjector.js';
import { ordersProjection } from '../model/projections/orders/orders.js';
import { differing } from './verify/recheck.js';
import { consumerGroups, readAlias } from '../lib/names.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
let stack: IsolatedProjector;
let alias: string;
let child: ChildProcess | undefined;
const scratch = mkdtempSync(join(tmpdir(), 'sluice-t28-'));

beforeAll(async () => {
  // The resolve group starts at the current end of the shared CDC topics: the stream is this test's load.
  stack = await startIsolatedProjector({ label: 't28', start: false, settings: { dirtyPartitions: 4 } });
  alias = readAlias(ordersProjection.name, stack.settings.indexPrefix);
}, 60_000);
afterAll(async () => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
  await stack?.close();
});

/** The second instance, in its own process so that it can die without leaving the group. */
async function spawnInstance(): Promise<ChildProcess> {
  const script = join(scratch, 'instance.mts');
  writeFileSync(script, `import { createProjector } from ${JSON.stringify(join(repo, 'projector/assembly/projector.ts'))};
await createProjector(JSON.parse(process.env.T28_SETTINGS!)).start();
console.log('started');\n`);
  // node itself with tsx's loader, not the tsx wrapper: SIGKILL must hit the process that holds the connections.
  const proc = spawn(process.execPath, ['--import', 'tsx', script], { cwd: repo, env: { ...process.env, T28_SETTINGS: JSON.stringify(stack.settings) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout?.on('data', (chunk: Buffer) => void (out += chunk.toString()));
  proc.stderr?.on('data', (chunk: Buffer) => void (out += chunk.toString()));
  await waitFor(() => out.includes('started') || proc.exitCode !== null, { timeoutMs: 60_000, description: 'second instance started' });
  if (proc.exitCode !== null) throw new Error(`second instance exited with ${proc.exitCode}: ${out.slice(-2000)}`);
  return proc;
}

const members = async (groupId: string) => (await stack.kafka.describeGroups([groupId])).groups[0]?.members.length ?? 0;

/** Every realtime read records (Elasticsearch version, row version) per document, in order of sampling. */
function sampleVersions(ids: () => string[]) {
  const seen = new Map<string, Array<[number, number]>>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const docs = ids().length === 0 ? [] : (await stack.es.mget<{ version: number }>({ index: alias, ids: ids(), realtime: true, _source: ['version'] })).docs;
      // Back to back: each read is paced by Elasticsearch's own answer.
      for (const d of docs) if ('found' in d && d.found) seen.set(d._id, [...(seen.get(d._id) ?? []), [d._version!, d._source!.version]]);
      if (ids().length === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  return { seen, stop: async () => ((running = false), await loop) };
}

const regressions = (seen: Map<string, Array<[number, number]>>) =>
  [...seen].filter(([, s]) => s.some(([esV, rowV], i) => i > 0 && (esV < s[i - 1]![0] || rowV < s[i - 1]![1]))).map(([id]) => id);

describe('T28: rebalance mid-stream', () => {
  it('converges with no version regression when one of two instances is killed', async () => {
    const a = await stack.start();
    child = await spawnInstance();
    await waitFor(async () => (await members(consumerGroups(stack.settings.groupPrefix).hydrate)) === 2 && (await members(consumerGroups(stack.settings.groupPrefix).resolve)) === 2, { timeoutMs: 60_000, description: 'both instances in both groups' });

    const [customer, product] = [randomUUID(), randomUUID()];
    await stack.admin.query(`INSERT INTO customers (id, name, email) VALUES ($1, 'Rebalance', $2)`, [customer, `${customer}@example.com`]);
    await stack.admin.query(`INSERT INTO products (id, sku, name, category, price_cents, stock) VALUES ($1, $2, 'Gear', 'parts', 100, 100000)`, [product, `SKU-${product}`]);
    const orders: string[] = [];
    const sampler = sampleVersions(() => orders);
    for (let op = 0; op < 360; op++) {
      if (op === 120) child.kill('SIGKILL');
      if (op % 3 === 0 || orders.length === 0) {
        const id = randomUUID();
        await stack.admin.query(`INSERT INTO orders (id, customer_id, total_cents) VALUES ($1, $2, 100)`, [id, customer]);
        await stack.admin.query(`INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents) VALUES ($1, $2, 1, 100)`, [id, product]);
        orders.push(id);
      } else {
        await stack.admin.query(`UPDATE orders SET version = version + 1, total_cents = total_cents + 1 WHERE id = $1`, [orders[op % orders.length]]);
      }
    }
    try {
      // The dead member holds its partitions until the session timeout; then the survivor takes them over.
      const evicted = async () => (await members(consumerGroups(stack.settings.groupPrefix).hydrate)) === 1 && (await members(consumerGroups(stack.settings.groupPrefix).resolve)) === 1;
      await waitFor(evicted, { timeoutMs: 90_000, description: 'killed instance evicted from both groups' });
      await waitFor(async () => (await diverging(orders)).length === 0, { timeoutMs: 150_000, intervalMs: 1_000, description: 'orders equal a fresh build' });
      // A busy projector may write a document once with its final state, so the sampler could have seen nothing
      // move: one more update of a converged document, sampled before and after, makes sure it has.
      const moved = orders[0] as string;
      await waitFor(() => (sampler.seen.get(moved)?.length ?? 0) > 0, { timeoutMs: 10_000, description: 'the document sampled' });
      const [firstSeen] = sampler.seen.get(moved) ?? [];
      await stack.admin.query(`UPDATE orders SET version = version + 1, total_cents = total_cents + 1 WHERE id = $1`, [moved]);
      await waitFor(() => (sampler.seen.get(moved) ?? []).some(([v]) => v !== firstSeen?.[0]), { timeoutMs: 60_000, description: 'the update sampled' });
    } finally {
      await sampler.stop();
    }
    // The sampler must have watched documents move, or "no regression" would hold vacuously.
    expect([...sampler.seen.values()].filter((s) => new Set(s.map(([v]) => v)).size > 1).length).toBeGreaterThan(0);
    expect(regressions(sampler.seen)).toEqual([]);
    const letters = (await a.metrics.deadLettered.get()).values.filter((v) => v.labels.stage === 'hydrate');
    expect(letters.reduce((s, v) => s + v.value, 0)).toBe(0);
  }, 240_000);
});

const diverging = async (ids: readonly string[]): Promise<string[]> => differing(await stack.verify(ordersProjection, ids));
