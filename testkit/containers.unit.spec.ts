// The testcontainers path (./containers.ts) without Docker: the containers run the images infra/versions.json pins
// (those of docker-compose.yml) with Compose's settings, publish the ports TEST_STACK_ENV names, and Docker is
// only asked for when something points at an engine.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { parse } from 'yaml';
import { versions } from '../infra/native/versions.js';
import { containerDefinitions, dockerAnswers, CONNECT_SECRETS_FILE } from './containers.js';
import { TEST_STACK_ENV } from './testStackEnv.js';

// Hermetic: the definitions from the test stack's endpoints and an environment without the stack's secrets.
const definitions = containerDefinitions(TEST_STACK_ENV, {});
const byName = (name: string) => {
  const found = definitions.find((d) => d.name === name);
  if (!found) throw new Error(`no container ${name}`);
  return found;
};
const compose = (parse(readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8'), { merge: true }) as {
  services: Record<string, { image: string; environment?: Record<string, unknown> }>;
}).services;

describe('the test stack in containers', () => {
  it('starts Postgres, Kafka, Connect + Debezium and Elasticsearch in that order', () => {
    expect(definitions.map((d) => d.name)).toEqual(['postgres', 'kafka', 'connect', 'elasticsearch']);
  });

  it.each([
    ['postgres', versions.postgres.image],
    ['kafka', versions.kafka.image],
    ['connect', versions.debezium.image],
    ['elasticsearch', versions.elasticsearch.image],
  ])('runs %s as %s, the image docker-compose.yml runs', (name, image) => {
    expect(byName(name).image).toBe(image);
    expect(compose[name]?.image).toBe(image);
  });

  it.each([
    ['postgres', 5432, Number(TEST_STACK_ENV['PG_PORT'])],
    ['kafka', 19092, 19092],
    ['connect', 8083, 18083],
    ['elasticsearch', 9200, 19200],
  ])('publishes %s on the host port TEST_STACK_ENV names', (name, container, host) => {
    expect(byName(name).port).toEqual({ container, host });
  });

  it('uses the host ports of TEST_STACK_ENV for every endpoint', () => {
    expect(TEST_STACK_ENV['KAFKA_BROKERS']).toBe(`127.0.0.1:${byName('kafka').port.host}`);
    expect(TEST_STACK_ENV['CONNECT_URL']).toBe(`http://127.0.0.1:${byName('connect').port.host}`);
    expect(TEST_STACK_ENV['ES_URL']).toBe(`https://127.0.0.1:${byName('elasticsearch').port.host}`);
  });

  it('runs Postgres with logical decoding, its superuser password given directly instead of Compose\'s secret file', () => {
    expect(byName('postgres').env['POSTGRES_PASSWORD']).toBe('sluice-admin-dev');
    expect(byName('postgres').env['POSTGRES_PASSWORD_FILE']).toBeUndefined();
    const command = byName('postgres').command?.join(' ') ?? '';
    expect(command).toContain('wal_level=logical');
    expect(command).toContain('max_replication_slots=10');
  });

  it('runs Kafka in KRaft mode, advertising the host listener on 127.0.0.1', () => {
    const env = byName('kafka').env;
    expect(env['KAFKA_PROCESS_ROLES']).toBe('broker,controller');
    expect(env['KAFKA_CONTROLLER_QUORUM_VOTERS']).toBe('1@kafka:9093');
    expect(env['KAFKA_LISTENERS']).toBe('PLAINTEXT://:9092,CONTROLLER://:9093,HOST://:19092');
    expect(env['KAFKA_ADVERTISED_LISTENERS']).toBe('PLAINTEXT://kafka:9092,HOST://127.0.0.1:19092');
  });

  it('runs Connect on the Kafka of the network, with the secrets file the connectors name', () => {
    const connect = byName('connect');
    expect(connect.env['BOOTSTRAP_SERVERS']).toBe('kafka:9092');
    expect(connect.env['CONFIG_STORAGE_TOPIC']).toBe('sluice-connect-configs');
    expect(connect.files).toEqual([{ target: CONNECT_SECRETS_FILE, content: 'database.password=debezium-dev\n', mode: 0o644 }]);
  });

  it('runs Elasticsearch as a single node without security', () => {
    const env = byName('elasticsearch').env;
    expect(env['discovery.type']).toBe('single-node');
    expect(env['xpack.security.enabled']).toBe('false');
  });

  const overridden: Record<string, string[]> = { kafka: ['KAFKA_LISTENERS', 'KAFKA_ADVERTISED_LISTENERS'], postgres: ['POSTGRES_PASSWORD_FILE'] };
  it.each(['postgres', 'kafka', 'connect', 'elasticsearch'])('keeps every setting docker-compose.yml gives %s, overriding only the listeners and secret files', (name) => {
    const own = Object.fromEntries(Object.entries(compose[name]?.environment ?? {}).map(([k, v]) => [k, String(v)]));
    const changed = Object.keys(own).filter((k) => byName(name).env[k] !== own[k]);
    expect(changed).toEqual(overridden[name] ?? []);
  });
});

describe('choosing the containers', () => {
  it('uses the native launcher when asked, or when nothing points at a Docker engine', async () => {
    await expect(dockerAnswers({ SLUICE_TEST_STACK: 'native', DOCKER_HOST: 'tcp://127.0.0.1:2375' })).resolves.toBe(false);
    const engineHinted = existsSync('/var/run/docker.sock') || existsSync(`${homedir()}/.testcontainers.properties`);
    if (!engineHinted) await expect(dockerAnswers({})).resolves.toBe(false);
  });
});
