// Adopting Sluice for one's own schema, as a user does it on a running stack: in a copy of the source tree, a new
// table whose rows exist before it is captured, a projection folder declaring a document over it with query marks,
// its migration, and its registration in model/registry.ts; then `sluice apply`, and the copy's projector, query
// API and ops service. The rows from before capture must be backfilled and searchable on the derived route, a row
// inserted afterwards must arrive too, and the ops service must list the projection. Everything is undone after:
// `sluice apply` from the unmodified tree takes the table out of the publication and the connector, then the table,
// its migration row, the test's indexes, topics and groups go. Names carry a suffix unique to the run.
// APPLY_E2E_SKIP_BACKFILL=1 runs apply without its backfill step: the test must then fail on the missing rows.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cdcTopic, consumerGroups, DEFAULT_TOPIC_PREFIX, isolatedNames, progressIndex } from '../../lib/names.js';
import { waitFor } from '../../lib/waitFor.js';
import { capturedTableNames } from '../../model/registry.js';
import { deleteIndexesWithPrefix, testEsClient } from '../../testkit/elasticsearch.js';
import { freePort } from '../../testkit/freePort.js';
import { secretsAsAdmin, startGroupAtEnd, testKafka } from '../../testkit/kafka.js';
import { createAdminPool } from '../../testkit/pg.js';
import { copySourceTree } from '../../testkit/sourceCopy.js';

const suffix = randomBytes(4).toString('hex');
const name = `shelf${suffix}`; // projection, table and route
const tag = `ap${suffix}`;
const names = isolatedNames(tag);
const migration = `${Date.now()}_${name}`;
const env = process.env;
const topicPrefix = env['PROJECTOR_TOPIC_PREFIX'] ?? DEFAULT_TOPIC_PREFIX;
const skipBackfill = env['APPLY_E2E_SKIP_BACKFILL'] === '1';

const admin = createAdminPool();
const es = testEsClient(env);
const copy = copySourceTree();
const API_KEYS = 'apply-queries:queries,apply-ops:ops';

function run(args: string[], cwd: string, extra: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd, env: { ...env, LOG_LEVEL: 'silent', ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

// The copy's processes, isolated by names (lib/names.ts isolatedNames) so no other projector's state is touched,
// and run under the launcher of the stack the tests use (an absolute home: the copy is another directory).
function appsEnvFor(metricsPort: number, queryPort: number, opsPort: number): Record<string, string> {
  return {
    SLUICE_HOME: resolve(env['SLUICE_HOME'] ?? '.infra'),
    PROJECTOR_GROUP_PREFIX: names.groupPrefix, PROJECTOR_INDEX_PREFIX: names.indexPrefix, PROJECTOR_DIRTY_PREFIX: names.dirtyPrefix,
    PROJECTOR_DLQ_TOPIC: names.dlqTopic, PROJECTOR_METRICS_PORT: String(metricsPort), PROJECTOR_TIMELINE: 'off',
    API_KEYS, API_QUERY_PORT: String(queryPort), ES_INDEX_PREFIX: names.indexPrefix, ES_PROGRESS_INDEX: progressIndex(names.indexPrefix),
    API_OPS_PORT: String(opsPort), PROJECTOR_METRICS_URL: `http://127.0.0.1:${metricsPort}/metrics`, OPS_CONNECTOR_AUTO_RESTART: 'off',
    // Its projector and ops work on the test's own topics and groups: as the admin principal, not their own.
    // Its API keys travel the same way: the launcher does not pass API_KEYS through the environment either.
    ...secretsAsAdmin(join(copy.dir, '.test-secrets.env'), { API_KEYS }),
  };
}
let appsEnv: Record<string, string> = {};
let queryUrl = '';
let opsUrl = '';
const APPS = ['projector', 'query-api', 'ops'];
let applyOut = '';
let applyMs = 0;

beforeAll(async () => {
  const [metricsPort, queryPort, opsPort] = [await freePort(), await freePort(), await freePort()];
  appsEnv = appsEnvFor(metricsPort, queryPort, opsPort);
  queryUrl = `http://127.0.0.1:${queryPort}`;
  opsUrl = `http://127.0.0.1:${opsPort}`;
  // Before the change: the copy's Sluice processes run, as on a developer's stack. The resolve group starts at the
  // end of the topics that exist, so it reads only what comes after (the new table's topic from its start).
  await startGroupAtEnd(testKafka(), consumerGroups(names.groupPrefix).resolve, capturedTableNames.map((t) => cdcTopic({ prefix: topicPrefix }, t)));
  const started = await run(['bin/sluice.ts', 'up', ...APPS], copy.dir, appsEnv);
  if (started.code !== 0) throw new Error(`sluice up failed:\n${started.out}`);

  // The user's three changes: a migration (its rows exist before the table is captured), a projection folder, a
  // registration in the registry.
  writeFileSync(
    join(copy.dir, 'infra/postgres/migrations', `${migration}.sql`),
    `-- Up Migration\nCREATE TABLE ${name} (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), title text NOT NULL, aisle text NOT NULL);\n` +
      `INSERT INTO ${name} (title, aisle) VALUES ('Oak desk', 'a1'), ('Pine shelf', 'a1'), ('Birch stool', 'b2');\n\n-- Down Migration\nDROP TABLE ${name};\n`,
  );
  mkdirSync(join(copy.dir, 'model/projections', name));
  writeFileSync(
    join(copy.dir, 'model/projections', name, `${name}.ts`),
    `import { column, defineProjection } from '../define.js';\n\n` +
      `export const ${name}Projection = defineProjection({\n  name: '${name}',\n  version: 1,\n  root: { table: '${name}', key: 'id' },\n` +
      `  fields: { id: column('id', 'keyword'), title: column('title', 'search'), aisle: column('aisle', 'keyword') },\n` +
      `  query: { filterable: ['aisle'], sortable: ['title'], facetable: ['aisle'], searchable: ['title'] },\n});\n`,
  );
  const registry = join(copy.dir, 'model/registry.ts');
  const before = readFileSync(registry, 'utf8');
  const after = before
    .replace(`import { productsProjection } from './projections/products/products.js';`, `import { productsProjection } from './projections/products/products.js';\nimport { ${name}Projection } from './projections/${name}/${name}.js';`)
    .replace('productsProjection] as const', `productsProjection, ${name}Projection] as const`);
  expect(after).not.toBe(before);
  writeFileSync(registry, after);

  // One command brings the running system to the declarations, restarts included.
  const began = Date.now();
  const applied = await run(['bin/sluice.ts', 'apply', ...(skipBackfill ? ['--skip-backfill'] : [])], copy.dir, appsEnv);
  applyMs = Date.now() - began;
  applyOut = applied.out;
  if (applied.code !== 0) throw new Error(`sluice apply failed:\n${applied.out}`);
}, 600_000);

afterAll(async () => {
  const stopped = await run(['bin/sluice.ts', 'down', ...APPS], copy.dir, appsEnv);
  if (stopped.code !== 0) console.error(`sluice down failed:\n${stopped.out}`);
  // Undo: apply the unmodified tree (the table leaves the publication and the connector), then the rest.
  const undone = await run(['bin/sluice.ts', 'apply', '--no-restart'], process.cwd());
  if (undone.code !== 0) console.error(`sluice apply (undo) failed:\n${undone.out}`);
  await admin.query(`DROP TABLE IF EXISTS ${name}`);
  await admin.query('DELETE FROM pgmigrations WHERE name = $1', [migration]);
  await deleteIndexesWithPrefix(es, names.indexPrefix);
  const kafka = testKafka().admin();
  await kafka.connect();
  const topics = (await kafka.listTopics()).filter((t) => t === cdcTopic({ prefix: topicPrefix }, name) || t.startsWith(`${names.dirtyPrefix}.`) || t === names.dlqTopic);
  await kafka.deleteTopics({ topics }).catch(() => undefined);
  const groups = Object.values(consumerGroups(names.groupPrefix));
  await kafka.deleteGroups(groups).catch(() => undefined);
  await kafka.disconnect();
  await admin.end();
  await es.close();
  copy.remove();
  console.log(`sluice apply took ${(applyMs / 1000).toFixed(1)} s:\n${applyOut}`);
}, 300_000);

const search = async (query: string) => {
  const response = await fetch(`${queryUrl}/${name}?${query}`, { headers: { authorization: 'Bearer apply-queries' } });
  const body = (await response.json()) as { items?: { id: string; title: string; aisle: string }[]; total?: number };
  return { status: response.status, body };
};

describe('a projection over a new table, added with sluice apply', () => {
  it('backfills the rows that existed before the table was captured, searchable on the derived route', async () => {
    expect(applyOut).toMatch(new RegExp(`backfill: ${name}`));
    const { rows } = await admin.query<{ id: string }>(`SELECT id FROM ${name}`);
    const found = await waitFor(async () => {
      const r = await search('size=50');
      return r.status === 200 && r.body.items?.length === rows.length ? r.body : undefined;
    }, { timeoutMs: 60_000, intervalMs: 250, description: `the ${rows.length} pre-existing rows in GET /${name}` });
    expect(found.items?.map((i) => i.id).sort()).toEqual(rows.map((r) => r.id).sort());
    const filtered = await search('aisle=a1&sort=title:asc');
    expect(filtered.body.items?.map((i) => i.title)).toEqual(['Oak desk', 'Pine shelf']);
  });

  it('carries a row inserted after apply', async () => {
    const { rows: [row] } = await admin.query<{ id: string }>(`INSERT INTO ${name} (title, aisle) VALUES ('Maple bench', 'c3') RETURNING id`);
    const found = await waitFor(async () => {
      const r = await search(`q=${encodeURIComponent('Maple bench')}`);
      return r.body.items?.find((i) => i.id === row!.id);
    }, { timeoutMs: 60_000, intervalMs: 250, description: 'the row inserted after apply' });
    expect(found).toMatchObject({ title: 'Maple bench', aisle: 'c3' });
  });

  it('restarted the projector, then the query API, then the ops service, all running again', async () => {
    const order = ['restarting projector', 'restarting query-api', 'restarting ops'].map((line) => applyOut.indexOf(line));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const states = await run(['bin/sluice.ts', 'status'], copy.dir, appsEnv);
    for (const app of APPS) expect(states.out).toMatch(new RegExp(`${app}\\s+│ running`));
  });

  it('is listed by the ops service', async () => {
    const response = await fetch(`${opsUrl}/ops/projections`, { headers: { authorization: 'Bearer apply-ops' } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { items: string[] }).items).toContain(name);
  });
});
