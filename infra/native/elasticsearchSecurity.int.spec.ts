// T40 for Elasticsearch: the launcher's cluster answers only HTTPS signed by its own CA, only to a user, and each
// Sluice service's user may do what that service does and is refused the rest by the real server.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { createEsClient, type EsClient } from '../../model/adapters/elasticsearch/client.js';
import { serviceEsAccess, testEsAccess, testEsClient } from '../../testkit/elasticsearch.js';

const prefix = `sec${randomBytes(3).toString('hex')}-`;
const projectionIndex = `${prefix}orders_v1`;
const alias = `${prefix}orders`;
const foreign = `${prefix}foreign`; // an index no Sluice role names
const admin = testEsClient();
const as = (service: 'projector' | 'query' | 'ops' | 'rebuild'): EsClient => createEsClient(serviceEsAccess(service));
const clients = { projector: as('projector'), query: as('query'), ops: as('ops'), rebuild: as('rebuild') };

/** The HTTP status the server answered with (a refusal), or 'ok'. */
async function outcome(call: Promise<unknown>): Promise<number | 'ok'> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    const status = (error as { meta?: { statusCode?: number } }).meta?.statusCode;
    if (status === undefined) throw error;
    return status;
  }
}

beforeAll(async () => {
  await admin.indices.create({ index: foreign, settings: { number_of_replicas: 0 } });
  await admin.index({ index: foreign, id: 'x', document: { secret: 'not yours' }, refresh: true });
});

afterAll(async () => {
  await admin.indices.delete({ index: [projectionIndex, foreign, `${prefix}orders_v2`] }, { ignore: [404] });
  await Promise.all([admin, ...Object.values(clients)].map((c) => c.close()));
});

describe('Elasticsearch transport and authentication', () => {
  it('refuses a request without credentials with 401', async () => {
    expect(await outcome(createEsClient({ ...testEsAccess(), username: undefined, password: undefined }).cluster.health())).toBe(401);
  });

  it('refuses a wrong password with 401', async () => {
    expect(await outcome(createEsClient({ ...serviceEsAccess('query'), password: 'not-the-password' }).cluster.health())).toBe(401);
  });

  it('does not speak plain HTTP', async () => {
    const plain = testEsAccess().url.replace('https:', 'http:');
    await expect(fetch(`${plain}/`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.status)).rejects.toThrow();
  });

  it('is not trusted through another CA', async () => {
    const dir = mkdtempSync(`${tmpdir()}/sluice-other-ca-`);
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=Someone else', '-keyout', `${dir}/ca.key`, '-out', `${dir}/ca.crt`], { stdio: 'ignore' });
      const stranger = createEsClient({ ...testEsAccess(), caFile: `${dir}/ca.crt` });
      await expect(stranger.cluster.health()).rejects.toThrow(/certificate/i);
      await stranger.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('each service user, allowed and refused (T40)', () => {
  it('the projector creates its projection index and alias and writes documents, but deletes nothing', async () => {
    const p = clients.projector;
    expect(await outcome(p.indices.create({ index: projectionIndex, settings: { number_of_replicas: 0 }, aliases: { [alias]: {} } }))).toBe('ok');
    expect(await outcome(p.index({ index: alias, id: 'o1', document: { id: 'o1' }, refresh: true }))).toBe('ok');
    expect(await outcome(p.indices.delete({ index: foreign }))).toBe(403);
    expect(await outcome(p.indices.delete({ index: projectionIndex }))).toBe(403);
    expect(await outcome(p.index({ index: foreign, id: 'y', document: { x: 1 } }))).toBe(403);
  });

  it('the query user reads the alias, and may neither write, delete nor read another index', async () => {
    const q = clients.query;
    expect(await outcome(q.search({ index: alias, query: { ids: { values: ['o1'] } } }))).toBe('ok');
    expect(await outcome(q.index({ index: alias, id: 'o2', document: { id: 'o2' } }))).toBe(403);
    expect(await outcome(q.indices.delete({ index: projectionIndex }))).toBe(403);
    expect(await outcome(q.indices.create({ index: `${prefix}orders_v9` }))).toBe(403);
    expect(await outcome(q.search({ index: foreign }))).toBe(403);
  });

  it('the ops user monitors the cluster and reads, but cannot write', async () => {
    const o = clients.ops;
    expect(await outcome(o.cluster.health())).toBe('ok');
    expect(await outcome(o.count({ index: alias }))).toBe('ok');
    expect(await outcome(o.index({ index: alias, id: 'o3', document: { id: 'o3' } }))).toBe(403);
    expect(await outcome(o.indices.delete({ index: projectionIndex }))).toBe(403);
  });

  it('the rebuild user creates and deletes a projection index version, but not an index it does not own', async () => {
    const r = clients.rebuild;
    expect(await outcome(r.indices.create({ index: `${prefix}orders_v2`, settings: { number_of_replicas: 0 } }))).toBe('ok');
    expect(await outcome(r.indices.delete({ index: `${prefix}orders_v2` }))).toBe('ok');
    expect(await outcome(r.indices.delete({ index: foreign }))).toBe(403);
  });
});
