// Adopting Sluice for one's own schema, as a user does it on a running stack: in a copy of the source tree, a new
// table whose rows exist before it is captured, a projection folder declaring a document over it with query marks,
// its migration, and its registration in projections/index.ts; then `sluice apply`, and the copy's projector, query
// API and ops service. The rows from before capture must be backfilled and searchable on the derived route, a row
// inserted afterwards must arrive too, and the ops service must list the projection. Everything is undone after:
// `sluice apply` from the unmodified tree takes the table out of the publication and the connector, then the table,
// its migration row, the test's indexes, topics and groups go. Names carry a suffix unique to the run.
// APPLY_E2E_SKIP_BACKFILL=1 runs apply without its backfill step: the test must then fail on the missing rows.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cdcTopic, consumerGroups, DEFAULT_TOPIC_PREFIX, isolatedNames, progressIndex } from '../../lib/names.js';
import { waitFor } from '../../lib/waitFor.js';
import { capturedTableNames } from '../../projector/cdc/tables.js';
import { createEsClient } from '../../projector/adapters/elasticsearch/client.js';
import { deleteIndexesWithPrefix } from '../support/elasticsearch.js';
import { freePort } from '../support/freePort.js';
import { startGroupAtEnd, testKafka } from '../support/kafka.js';
import { createAdminPool } from '../support/pg.js';
import { copySourceTree } from '../support/sourceCopy.js';

const suffix = randomBytes(4).toString('hex');
const name = `shelf${suffix}`; // projection, table and route
const tag = `ap${suffix}`;
const names = isolatedNames(tag);
const migration = `${Date.now()}_${name}`;
const env = process.env;
const esUrl = env['ES_URL'] ?? 'http://127.0.0.1:9200';
const topicPrefix = env['PROJECTOR_TOPIC_PREFIX'] ?? DEFAULT_TOPIC_PREFIX;
const skipBackfill = env['APPLY_E2E_SKIP_BACKFILL'] === '1';

const admin = createAdminPool();
const es = createEsClient(esUrl);
const copy = copySourceTree();
const children: ChildProcess[] = [];
const API_KEYS = 'apply-queries:queries,apply-ops:ops';

function run(args: string[], cwd: string, extra: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd, env: { ...env, LOG_LEVEL: 'silent', ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

/** A Sluice process of the copy, stopped by its PID in afterAll. */
function start(entry: string, extra: Record<string, string>): void {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: copy.dir, env: { ...env, LOG_LEVEL: 'warn', ...extra }, stdio: ['ignore', 'inherit', 'inherit'] });
  children.push(child);
}

const ready = (url: string) => waitFor(async () => (await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok, { timeoutMs: 120_000, intervalMs: 250, description: url });

async function stopChildren(): Promise<void> {
  await Promise.all(
    children.map((c) =>
      c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => {
        c.once('exit', () => resolve());
        c.kill('SIGTERM');
      }),
    ),
  );
}

let queryUrl = '';
let opsUrl = '';
let applyOut = '';
let applyMs = 0;

beforeAll(async () => {
  // The user's three changes: a migration (its rows exist before the table is captured), a projection folder, a
  // registration in the registry.
  writeFileSync(
    join(copy.dir, 'infra/postgres/migrations', `${migration}.sql`),
    `-- Up Migration\nCREATE TABLE ${name} (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), title text NOT NULL, aisle text NOT NULL);\n` +
      `INSERT INTO ${name} (title, aisle) VALUES ('Oak desk', 'a1'), ('Pine shelf', 'a1'), ('Birch stool', 'b2');\n\n-- Down Migration\nDROP TABLE ${name};\n`,
  );
  mkdirSync(join(copy.dir, 'projector/projections', name));
  writeFileSync(
    join(copy.dir, 'projector/projections', name, `${name}.ts`),
    `import { column, defineProjection } from '../define.js';\n\n` +
      `export const ${name}Projection = defineProjection({\n  name: '${name}',\n  version: 1,\n  root: { table: '${name}', key: 'id' },\n` +
      `  fields: { id: column('id', 'keyword'), title: column('title', 'search'), aisle: column('aisle', 'keyword') },\n` +
      `  query: { filterable: ['aisle'], sortable: ['title'], facetable: ['aisle'], searchable: ['title'] },\n});\n`,
  );
  const registry = join(copy.dir, 'projector/projections/index.ts');
  const before = readFileSync(registry, 'utf8');
  const after = before
    .replace(`import { productsProjection } from './products/products.js';`, `import { productsProjection } from './products/products.js';\nimport { ${name}Projection } from './${name}/${name}.js';`)
    .replace('productsProjection] as const', `productsProjection, ${name}Projection] as const`);
  expect(after).not.toBe(before);
  writeFileSync(registry, after);

  const began = Date.now();
  const applied = await run(['bin/sluice.ts', 'apply', '--no-restart', ...(skipBackfill ? ['--skip-backfill'] : [])], copy.dir);
  applyMs = Date.now() - began;
  applyOut = applied.out;
  if (applied.code !== 0) throw new Error(`sluice apply failed:\n${applied.out}`);

  // The copy's processes, isolated by names (lib/names.ts isolatedNames) so the dev projector's state is untouched.
  // Its resolve group starts at the end of the topics that existed before, and at the start of the new table's.
  await startGroupAtEnd(testKafka(), consumerGroups(names.groupPrefix).resolve, capturedTableNames.map((t) => cdcTopic({ prefix: topicPrefix }, t)));
  const [metricsPort, queryPort, opsPort] = [await freePort(), await freePort(), await freePort()];
  const projectorEnv = {
    PROJECTOR_GROUP_PREFIX: names.groupPrefix, PROJECTOR_INDEX_PREFIX: names.indexPrefix, PROJECTOR_DIRTY_PREFIX: names.dirtyPrefix,
    PROJECTOR_DLQ_TOPIC: names.dlqTopic, PROJECTOR_METRICS_PORT: String(metricsPort), PROJECTOR_TIMELINE: 'off',
  };
  start('projector/main.ts', projectorEnv);
  await ready(`http://127.0.0.1:${metricsPort}/ready`);
  start('api/query/main.ts', { API_KEYS, API_QUERY_PORT: String(queryPort), ES_INDEX_PREFIX: names.indexPrefix, ES_PROGRESS_INDEX: progressIndex(names.indexPrefix) });
  start('api/ops/main.ts', { ...projectorEnv, API_KEYS, API_OPS_PORT: String(opsPort), PROJECTOR_METRICS_URL: `http://127.0.0.1:${metricsPort}/metrics`, OPS_CONNECTOR_AUTO_RESTART: 'off' });
  queryUrl = `http://127.0.0.1:${queryPort}`;
  opsUrl = `http://127.0.0.1:${opsPort}`;
  await ready(`${queryUrl}/health`);
  await ready(`${opsUrl}/health`);
}, 600_000);

afterAll(async () => {
  await stopChildren();
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

  it('is listed by the ops service', async () => {
    const response = await fetch(`${opsUrl}/ops/projections`, { headers: { authorization: 'Bearer apply-ops' } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { items: string[] }).items).toContain(name);
  });
});
