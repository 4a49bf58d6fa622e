// The test stack as containers, for machines where a Docker engine answers: the images of docker-compose.yml
// (pinned in infra/versions.json), started through testcontainers on a network of their own, on the host ports
// TEST_STACK_ENV names, so every test reads the same endpoints as with the native launcher. The services'
// settings are docker-compose.yml's own; only what must differ (Kafka's listener for the host, where the Connect
// secrets file lives) is overridden here. ensureStack (./testStack.ts) chooses this path when Docker answers.
// The machines this project is developed and tested on have no Docker engine, so this path has not run there:
// the unit test (containers.unit.spec.ts) checks the definitions without Docker, and `npm test` uses the native
// launcher. Tests that inject faults through the native launcher (the chaos matrix, opsConnectOutage and
// opsConsole e2e, infra/native/stack.int.spec.ts) need the native stack: SLUICE_TEST_STACK=native.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { parse } from 'yaml';
import { versions } from '../infra/native/versions.js';
import { CONNECTORS } from '../lib/names.js';
import { TEST_STACK_ENV } from './testStackEnv.js';

export interface ContainerDefinition {
  /** Network alias, the Compose service name. */
  name: string;
  image: string;
  env: Record<string, string>;
  command?: string[];
  /** Published on the host's loopback, on TEST_STACK_ENV's port. */
  port: { container: number; host: number };
  wait: { log: string; times?: number } | { http: string; port: number };
  /** Files written into the container before it starts. */
  files?: { target: string; content: string; mode: number }[];
}

interface ComposeService {
  image: string;
  command?: string[];
  environment?: Record<string, string | number>;
}

const composeServices = (): Record<string, ComposeService> =>
  (parse(readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> }).services;

const portOf = (url: string): number => Number(new URL(url.includes('://') ? url : `tcp://${url}`).port);

/** Where Connect's FileConfigProvider reads the Debezium password: the same path on the host and in Connect. */
export const CONNECT_SECRETS_FILE = '/tmp/sluice-test-connect-secrets.properties';

export function containerDefinitions(env: Readonly<Record<string, string>> = TEST_STACK_ENV, source: ProcessEnv = process.env): ContainerDefinition[] {
  const compose = composeServices();
  const settings = (service: string): { env: Record<string, string>; command?: string[] } => {
    const s = compose[service];
    if (!s) throw new Error(`docker-compose.yml has no service ${service}`);
    return { env: Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, String(v)])), ...(s.command ? { command: s.command } : {}) };
  };
  const kafkaHostPort = portOf(env['KAFKA_BROKERS'] ?? '');
  const kafka = settings('kafka');
  // Compose reads the superuser's password from a Compose secret (POSTGRES_PASSWORD_FILE); a test container gets the
  // value itself, the one the tests connect with.
  const { POSTGRES_PASSWORD_FILE: _fromSecret, ...postgresEnv } = settings('postgres').env;
  const postgres = { ...settings('postgres'), env: { ...postgresEnv, POSTGRES_PASSWORD: source['PG_ADMIN_PASSWORD'] ?? 'sluice-admin-dev' } };
  return [
    {
      name: 'postgres',
      image: versions.postgres.image,
      ...postgres,
      // As many connections as the native launcher allows: the test tiers open several pools at once.
      command: [...(postgres.command ?? []), '-c', 'max_connections=300'],
      port: { container: 5432, host: Number(env['PG_PORT']) },
      // The image's entrypoint initialises the cluster, restarts it once, then is ready for good.
      wait: { log: 'database system is ready to accept connections', times: 2 },
    },
    {
      name: 'kafka',
      image: versions.kafka.image,
      ...kafka,
      env: {
        ...kafka.env,
        KAFKA_LISTENERS: `PLAINTEXT://:9092,CONTROLLER://:9093,HOST://:${kafkaHostPort}`,
        KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://kafka:9092,HOST://127.0.0.1:${kafkaHostPort}`,
      },
      port: { container: kafkaHostPort, host: kafkaHostPort },
      wait: { log: 'Kafka Server started' },
    },
    {
      name: 'connect',
      image: versions.debezium.image,
      ...settings('connect'),
      port: { container: 8083, host: portOf(env['CONNECT_URL'] ?? '') },
      wait: { http: '/connector-plugins', port: 8083 },
      // Readable by Connect's own user; registerConnector writes the same content on the host.
      files: [{ target: CONNECT_SECRETS_FILE, content: `database.password=${debeziumPassword(source)}\n`, mode: 0o644 }],
    },
    {
      name: 'elasticsearch',
      image: versions.elasticsearch.image,
      ...settings('elasticsearch'),
      port: { container: 9200, host: portOf(env['ES_URL'] ?? '') },
      wait: { http: '/_cluster/health?wait_for_status=yellow&timeout=1s', port: 9200 },
    },
  ];
}

type ProcessEnv = Record<string, string | undefined>;
const debeziumPassword = (env: ProcessEnv): string => env['PG_DEBEZIUM_PASSWORD'] ?? 'debezium-dev';

/**
 * Whether a Docker engine answers. SLUICE_TEST_STACK=native or =containers decides; otherwise testcontainers
 * is asked, and only when something points at an engine (DOCKER_HOST, the socket, testcontainers' own file).
 */
export async function dockerAnswers(env: ProcessEnv = process.env): Promise<boolean> {
  if (env['SLUICE_TEST_STACK'] === 'native') return false;
  if (env['SLUICE_TEST_STACK'] !== 'containers') {
    const hints = [env['DOCKER_HOST'], existsSync('/var/run/docker.sock') ? 'socket' : undefined, existsSync(`${homedir()}/.testcontainers.properties`) ? 'file' : undefined];
    if (!hints.some(Boolean)) return false;
  }
  const { getContainerRuntimeClient } = await import('testcontainers');
  return getContainerRuntimeClient().then(
    () => true,
    () => false,
  );
}

let running: { stop: () => Promise<void> } | undefined;

/**
 * Starts the containers in order on one network, migrates Postgres and registers the connectors (what the native
 * launcher's components do after they are ready), and points this process at them. testcontainers' reaper removes
 * them if this process dies without stopContainers().
 */
export async function startContainers(say: (line: string) => void, env: ProcessEnv = process.env): Promise<void> {
  const { GenericContainer, Network, Wait } = await import('testcontainers');
  const { migrate, migrateOptionsFromEnv } = await import('../infra/postgres/migrate.js');
  const { registerConnector } = await import('../connectors/register.js');
  const { connectRestFrom } = await import('../connectors/rest.js');
  const network = await new Network().start();
  const started: { stop: () => Promise<unknown> }[] = [];
  running = {
    stop: async () => {
      for (const c of started.reverse()) await c.stop();
      await network.stop();
    },
  };
  for (const d of containerDefinitions(TEST_STACK_ENV, env)) {
    say(`starting ${d.name} (${d.image}) in a container`);
    let container = new GenericContainer(d.image)
      .withNetwork(network)
      .withNetworkAliases(d.name)
      .withEnvironment(d.env)
      .withExposedPorts({ container: d.port.container, host: d.port.host })
      .withStartupTimeout(180_000)
      .withWaitStrategy('log' in d.wait ? Wait.forLogMessage(d.wait.log, d.wait.times ?? 1) : Wait.forHttp(d.wait.http, d.wait.port).forStatusCode(200));
    if (d.command) container = container.withCommand(d.command);
    if (d.files) container = container.withCopyContentToContainer(d.files);
    started.push(await container.start());
  }
  Object.assign(env, TEST_STACK_ENV);
  const applied = await migrate(migrateOptionsFromEnv({ ...env, PG_HOST: '127.0.0.1' }));
  if (applied.length) say(`postgres: applied migrations ${applied.join(', ')}`);
  for (const name of CONNECTORS) {
    await registerConnector({
      connect: connectRestFrom({ CONNECT_URL: TEST_STACK_ENV['CONNECT_URL'] }),
      name,
      secretsFile: CONNECT_SECRETS_FILE,
      database: { host: 'postgres', port: 5432, name: env['PG_DATABASE'] ?? 'sluice', user: env['PG_DEBEZIUM_USER'] ?? 'sluice_debezium', password: debeziumPassword(env) },
    });
  }
  // Seen by jest's global setup in the child process: the stack is up, nothing more to start.
  env['SLUICE_TEST_CONTAINERS'] = 'running';
  // Compose's Elasticsearch still runs without security (docker-compose.yml): the tests reach it over plain HTTP.
  env['ES_URL'] = (env['ES_URL'] ?? TEST_STACK_ENV['ES_URL'] ?? '').replace(/^https:/, 'http:');
}

export async function stopContainers(): Promise<void> {
  await running?.stop();
  running = undefined;
}
