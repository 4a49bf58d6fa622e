// Kafka Connect (distributed mode, one worker) with the Debezium Postgres plugin, run as the unprivileged user.
// - To Kafka it is the principal sluice-connect (SASL/SCRAM, ../kafkaAcls.ts): its storage topics and group, and the
//   topics its connectors write, which Connect creates itself (topic.creation.enable).
// - Its REST API listens on loopback and asks for basic authentication (Kafka's BasicAuthSecurityRestExtension with
//   a JAAS file and a credentials file, both 0600 in Connect's folder).
// - The database password reaches the connector through a FileConfigProvider, so the config topic and the REST API
//   show `${file:...}`; the provider may read only the folder of that secrets file (allowed.paths), so a connector
//   config naming any other file (the worker's own properties, the secrets of the stack) resolves nothing.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Component } from '../component.js';
import type { StackContext } from '../context.js';
import { fetchDebezium, fetchKafka } from '../fetch.js';
import { javaBin, log4jProperties } from './kafka.js';
import { withSecrets } from '../../../lib/secrets.js';
import { kafkaReplicationFactor } from '../../../lib/replication.js';
import { KAFKA_PRINCIPALS } from '../../../lib/kafkaSasl.js';
import { CONNECTORS } from '../../../lib/names.js';
import { registerConnector } from '../../../connectors/register.js';
import { CONNECT_REST_DEFAULT_USER, connectFetch, connectRest, type ConnectRest } from '../../../connectors/rest.js';
import { CONNECT_GROUP, CONNECT_STORAGE_TOPICS } from '../kafkaAcls.js';
import { scramJaas } from '../kafkaSecurity.js';
import { chownTree, ensureTraversable } from '../runAs.js';

let libDir = '';
let pluginDir = '';

const restJaas = (ctx: StackContext): string => `${ctx.layout.data('connect')}/rest-jaas.conf`;
const restCredentials = (ctx: StackContext): string => `${ctx.layout.data('connect')}/rest-credentials.properties`;

/** The connector's secrets, alone in a folder: the only one the FileConfigProvider may read. */
// Shared by every worker of a cluster: the connector config names one path, and its task may run on any worker.
export const connectSecretsFile = (ctx: StackContext): string => `${ctx.layout.shared('connect')}/secrets/secrets.properties`;

const secretsOf = (ctx: StackContext): Record<string, string | undefined> => withSecrets({ ...process.env, SLUICE_SECRETS_FILE: ctx.secretsFile });

const need = (ctx: StackContext, name: string): string => {
  const value = secretsOf(ctx)[name];
  if (!value) throw new Error(`${name} is missing from the secrets file: the launcher generates it on start`);
  return value;
};

/** The REST API as the launcher (and every Sluice process) calls it. */
export const connectRestOf = (ctx: StackContext): ConnectRest =>
  connectRest(`http://127.0.0.1:${ctx.config.CONNECT_PORT}`, CONNECT_REST_DEFAULT_USER, need(ctx, 'CONNECT_REST_PASSWORD'));

/** The worker and each of its clients (producer., consumer., admin.) authenticate as sluice-connect. */
const kafkaClientProperties = (ctx: StackContext): string[] => {
  const jaas = scramJaas(KAFKA_PRINCIPALS.connect, need(ctx, 'KAFKA_CONNECT_PASSWORD'));
  return ['', 'producer.', 'consumer.', 'admin.'].flatMap((prefix) => [
    `${prefix}security.protocol=SASL_PLAINTEXT`,
    `${prefix}sasl.mechanism=SCRAM-SHA-512`,
    `${prefix}sasl.jaas.config=${jaas}`,
  ]);
};

const workerProperties = (ctx: StackContext): string =>
  [
    `bootstrap.servers=${ctx.config.KAFKA_BROKERS}`,
    ...kafkaClientProperties(ctx),
    `group.id=${CONNECT_GROUP}`,
    'key.converter=org.apache.kafka.connect.json.JsonConverter',
    'value.converter=org.apache.kafka.connect.json.JsonConverter',
    'key.converter.schemas.enable=false',
    'value.converter.schemas.enable=false',
    `config.storage.topic=${CONNECT_STORAGE_TOPICS.config}`,
    `offset.storage.topic=${CONNECT_STORAGE_TOPICS.offset}`,
    `status.storage.topic=${CONNECT_STORAGE_TOPICS.status}`,
    // Kafka creates no topic on its own (auto.create.topics.enable=false): Connect creates its storage topics and,
    // with this, the topics its connectors write (topic.creation.default.* in connectors/*.json).
    'topic.creation.enable=true',
    ...['config', 'offset', 'status'].map((topic) => `${topic}.storage.replication.factor=${kafkaReplicationFactor()}`),
    // Short: read-your-writes waits for Connect's committed source offset to pass the client's commit.
    'offset.flush.interval.ms=100',
    `listeners=http://127.0.0.1:${ctx.config.CONNECT_PORT}`,
    'rest.advertised.host.name=127.0.0.1',
    `rest.advertised.port=${ctx.config.CONNECT_PORT}`,
    'rest.extension.classes=org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension',
    `plugin.path=${pluginDir}`,
    'config.providers=file',
    'config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider',
    `config.providers.file.param.allowed.paths=${dirname(connectSecretsFile(ctx))}`,
    // Idempotent producer: a retried send after a broker fault does not duplicate records in the log.
    'producer.enable.idempotence=true',
    'producer.acks=all',
    // When Kafka goes away the worker revokes its tasks and stops them. With the default 5 s a task stuck sending
    // to the absent broker is abandoned mid-stop: its replication connection stays open and its metrics beans stay
    // registered, and the next task waits about two minutes for them (Debezium retries each bean 12 x 5 s). Given
    // time, the stop finishes once Kafka is back and releases both (docs/chaos.md, T06).
    'task.shutdown.graceful.timeout.ms=60000',
    // A worker that loses the Kafka coordinator revokes its own connectors and tasks; when it rejoins, the group
    // leader treats them as lost and by default waits scheduled.rebalance.max.delay.ms (5 minutes) for a worker
    // that might come back before it assigns them again. 0 reassigns them at once (KAFKA-15693): on one worker there
    // is nobody to wait for; on several (the cluster), a dead worker's Debezium task moves to a live one as soon as
    // the group notices, instead of five minutes of no changes. The price: a worker that merely restarts loses it.
    'scheduled.rebalance.max.delay.ms=0',
  ].join('\n');

export const connect: Component = {
  name: 'connect',
  after: ['kafka', 'postgres'],
  readyTimeoutMs: 120_000,
  address: (ctx) => `http://127.0.0.1:${ctx.config.CONNECT_PORT}`,
  async prepare(ctx) {
    [libDir, pluginDir] = await Promise.all([fetchKafka(ctx.layout.downloads, ctx.say), fetchDebezium(ctx.layout.downloads, ctx.say)]);
    const dir = ctx.layout.data('connect');
    mkdirSync(dir, { recursive: true });
    mkdirSync(dirname(dirname(connectSecretsFile(ctx))), { recursive: true });
    mkdirSync(dirname(connectSecretsFile(ctx)), { recursive: true, mode: 0o700 });
    const secret = (file: string, text: string): void => {
      writeFileSync(file, text, { mode: 0o600 });
      chmodSync(file, 0o600);
    };
    secret(`${dir}/connect-distributed.properties`, workerProperties(ctx));
    // Basic authentication of the REST API: Connect reads the JAAS section KafkaConnect, which names the file of
    // user: password lines (one user: the extension authenticates, it does not tell users' rights apart).
    secret(restCredentials(ctx), `${CONNECT_REST_DEFAULT_USER}: ${need(ctx, 'CONNECT_REST_PASSWORD')}\n`);
    secret(restJaas(ctx), `KafkaConnect {\n  org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule required\n  file="${restCredentials(ctx)}";\n};\n`);
    // Written here first so that Connect's user owns it; registerConnector rewrites its content, keeping the owner.
    secret(connectSecretsFile(ctx), `database.password=${secretsOf(ctx)['PG_DEBEZIUM_PASSWORD'] ?? 'debezium-dev'}\n`);
    writeFileSync(`${dir}/log4j.properties`, log4jProperties());
    chownTree(dir, ctx.runAs);
    chownTree(dirname(connectSecretsFile(ctx)), ctx.runAs);
    for (const path of [libDir, pluginDir, dir, dirname(connectSecretsFile(ctx))]) ensureTraversable(path, ctx.runAs, ctx.say);
  },
  spawn: (ctx) => {
    const dir = ctx.layout.data('connect');
    return {
      command: javaBin(ctx),
      args: [`-Xms256m`, `-Xmx${ctx.config.CONNECT_HEAP}`, '-XX:+UseG1GC', '-Djava.awt.headless=true',
        `-Dlog4j.configuration=file:${dir}/log4j.properties`, `-Djava.security.auth.login.config=${restJaas(ctx)}`, '-cp', `${libDir}/*`,
        'org.apache.kafka.connect.cli.ConnectDistributed', `${dir}/connect-distributed.properties`],
      uid: ctx.runAs?.uid,
      gid: ctx.runAs?.gid,
    };
  },
  async ready(ctx) {
    const response = await connectFetch(connectRestOf(ctx), '/connector-plugins', { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
    const plugins = response?.ok ? ((await response.json()) as { class: string }[]) : [];
    return plugins.some((plugin) => plugin.class === 'io.debezium.connector.postgresql.PostgresConnector');
  },
  async afterReady(ctx) {
    // Table changes (sluice-postgres) and domain events from the outbox (sluice-outbox, docs/events.md): two
    // connectors with their own slots, so either can stop or rewind without touching the other.
    const env = secretsOf(ctx);
    for (const name of CONNECTORS) {
      await registerConnector({
        connect: connectRestOf(ctx),
        name,
        secretsFile: connectSecretsFile(ctx),
        database: {
          host: '127.0.0.1',
          port: ctx.config.PG_PORT,
          name: ctx.config.PG_DATABASE,
          user: env['PG_DEBEZIUM_USER'] ?? 'sluice_debezium',
          password: env['PG_DEBEZIUM_PASSWORD'] ?? 'debezium-dev',
        },
      });
    }
  },
};
