// Production fails closed (docs/reliability.md T32): each of the four processes, started for real with
// NODE_ENV=production, refuses a development key, a short key, an unknown scope, a default password and a missing
// key secret, exiting non-zero with the setting named; with safe settings it starts, on loopback only, with
// /metrics behind an ops key and a /ready that says nothing of internals.
import { networkInterfaces } from 'node:os';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { adoptSecrets } from '../../lib/secrets.js';
import { passwordsOf, type SluiceProcess } from '../../lib/processSecrets.js';
import { deleteIndexesWithPrefix, testEsClient } from '../../testkit/elasticsearch.js';
import { testSasl } from '../../testkit/kafka.js';
import { freePort } from '../../testkit/freePort.js';
import { startSluiceProcess } from '../../testkit/sluiceProcess.js';

adoptSecrets();
const random = () => randomBytes(24).toString('base64url');
const keys = { commands: random(), queries: random(), ops: random() };
const API_KEYS = `${keys.commands}:commands,${keys.queries}:queries,${keys.ops}:ops`;
const tag = `prod${randomBytes(3).toString('hex')}`;

interface Spec {
  entry: string;
  process: SluiceProcess;
  portVariable: string;
  /** The password setting the refusal case sets to a development default. */
  password: string;
  extra: Record<string, string>;
}

// The projector and ops of this test work on names of their own (a tag), which only the admin principal may touch.
const admin = testSasl();
const kafkaAs = (who: 'PROJECTOR' | 'OPS'): Record<string, string> => (admin ? { [`KAFKA_${who}_USER`]: admin.username, [`KAFKA_${who}_PASSWORD`]: admin.password } : {});

const specs: Spec[] = [
  { entry: 'api/command/main.ts', process: 'command-api', portVariable: 'API_COMMAND_PORT', password: 'PG_WRITER_PASSWORD', extra: {} },
  { entry: 'api/query/main.ts', process: 'query-api', portVariable: 'API_QUERY_PORT', password: 'ES_QUERY_PASSWORD', extra: { ES_INDEX_PREFIX: `${tag}-` } },
  { entry: 'api/ops/main.ts', process: 'ops', portVariable: 'API_OPS_PORT', password: 'PG_OPS_PASSWORD', extra: { OPS_CONNECTOR_AUTO_RESTART: 'off', PROJECTOR_GROUP_PREFIX: tag, PROJECTOR_INDEX_PREFIX: `${tag}-`, PROJECTOR_METRICS_URL: 'http://127.0.0.1:1/metrics', ...kafkaAs('OPS') } },
  {
    entry: 'projector/main.ts', process: 'projector', portVariable: 'PROJECTOR_METRICS_PORT', password: 'PG_PROJECTOR_PASSWORD',
    extra: { PROJECTOR_GROUP_PREFIX: tag, PROJECTOR_INDEX_PREFIX: `${tag}-`, PROJECTOR_DIRTY_PREFIX: `${tag}.dirty`, PROJECTOR_DLQ_TOPIC: `${tag}.dlq`, PROJECTOR_PROGRESS: 'off', PROJECTOR_TIMELINE: 'off', ...kafkaAs('PROJECTOR') },
  },
];

/** The environment a process gets: the stack's endpoints, nothing of the secrets file, production mode. */
function productionEnv(spec: Spec, port: number, change: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const base: Record<string, string | undefined> = {
    PATH: process.env['PATH'], HOME: process.env['HOME'], NODE_ENV: 'production', LOG_LEVEL: 'info',
    SLUICE_SECRETS_FILE: '/nonexistent/secrets.env',
    PG_HOST: process.env['PG_HOST'], PG_PORT: process.env['PG_PORT'], KAFKA_BROKERS: process.env['KAFKA_BROKERS'], ES_URL: process.env['ES_URL'], CONNECT_URL: process.env['CONNECT_URL'],
    ES_CA_FILE: process.env['ES_CA_FILE'], API_KEYS, API_KEY_SECRET: random(),
    ...Object.fromEntries(passwordsOf(spec.process).map((name) => [name, process.env[name] ?? random()])),
    [spec.portVariable]: String(port), ...spec.extra,
  };
  return { ...base, ...change };
}

const refusals: [string, (spec: Spec) => Record<string, string | undefined>, RegExp][] = [
  ['a development key', () => ({ API_KEYS: 'dev-commands:commands,dev-queries:queries,dev-ops:ops' }), /API_KEYS: key #1 \(commands\) is a development key/],
  ['a short key', () => ({ API_KEYS: `${keys.commands}:commands,short-key-1234:ops` }), /API_KEYS: key #2 \(ops\) is shorter than 32 characters/],
  ['an unknown scope', () => ({ API_KEYS: `${keys.commands}:commands+admin` }), /API_KEYS: entry #1 names unknown scope\(s\) \\?"admin\\?"/],
  ['a default password', (spec) => ({ [spec.password]: 'sluice-admin-dev' }), /_PASSWORD: is a development default/],
  ['no API key secret', () => ({ API_KEY_SECRET: undefined }), /API_KEY_SECRET: not set/],
];

const nonLoopback = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

/** True when a TCP connection to host:port is accepted. */
const accepts = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => void (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => void (socket.destroy(), resolve(false)));
  });

// The projector started with safe settings makes its indexes under the test's prefix.
afterAll(async () => {
  const es = testEsClient();
  await deleteIndexesWithPrefix(es, `${tag}-`);
  await es.close();
});

describe.each(specs)('$entry with NODE_ENV=production', (spec) => {
  it('refuses each unsafe setting, exiting non-zero with the setting named', async () => {
    const results = await Promise.all(
      refusals.map(async ([name, change, named]) => {
        const run = startSluiceProcess(spec.entry, productionEnv(spec, await freePort(), change(spec)));
        const code = await run.exited;
        return { name, code, named: named.test(run.output()) ? 'named' : run.output() };
      }),
    );
    expect(results).toEqual(refusals.map(([name]) => ({ name, code: 1, named: 'named' })));
  });

  it('starts with safe settings, on loopback only; /metrics needs the ops key, /ready says nothing of internals', async () => {
    const port = await freePort();
    const run = startSluiceProcess(spec.entry, productionEnv(spec, port));
    try {
      const url = `http://127.0.0.1:${port}`;
      await run.healthy(url);
      expect(run.output()).toMatch(/"host":"127\.0\.0\.1"/);
      if (nonLoopback) expect(await accepts(nonLoopback, port)).toBe(false);
      expect((await fetch(`${url}/metrics`)).status).toBe(401);
      expect((await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${keys.queries}` } })).status).toBe(403);
      const metrics = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${keys.ops}` } });
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('process_resident_memory_bytes');
      // Whatever the readiness (the query API's aliases under this prefix do not exist: not ready), the body names
      // no index, alias, host or dependency error.
      const ready = await fetch(`${url}/ready`);
      const body = await ready.text();
      expect(body).not.toMatch(new RegExp(`${tag}|elasticsearch|alias|postgres|kafka|ECONN|127\\.0\\.0\\.1`, 'i'));
      // {status} when ready (or the projector's {status: 'starting'}), else the generic not-ready problem.
      expect([['status'], ['code', 'detail', 'status', 'title', 'type']]).toContainEqual(Object.keys(JSON.parse(body) as object).sort());
    } finally {
      await run.stop();
    }
  });
});

describe('sluice up with NODE_ENV=production', () => {
  it('refuses a development password or key before starting anything, naming the setting', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const home = mkdtempSync(`${tmpdir()}/sluice-prod-`);
    try {
      const env = { PATH: process.env['PATH'], HOME: process.env['HOME'], NODE_ENV: 'production', SLUICE_HOME: home, SLUICE_DOWNLOADS: process.env['SLUICE_DOWNLOADS'] };
      const cases: [Record<string, string>, RegExp][] = [
        [{ PG_WRITER_PASSWORD: 'writer-dev' }, /PG_WRITER_PASSWORD: is a development default/],
        [{ API_KEYS: 'dev-ops:ops' }, /API_KEYS: key #1 \(ops\) is a development key/],
      ];
      for (const [change, named] of cases) {
        const run = startSluiceProcess('bin/sluice.ts', { ...env, ...change }, ['up']);
        expect(await run.exited).toBe(1);
        expect(run.output()).toMatch(named);
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
