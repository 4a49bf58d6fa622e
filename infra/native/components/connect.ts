// Kafka Connect (distributed mode, one worker) with the Debezium Postgres plugin. The REST API has no
// authentication, so it listens on loopback only; the database password reaches the connector through a
// FileConfigProvider, so it never appears in the config topic or the REST API.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Component } from '../component.js';
import { httpOk } from '../component.js';
import type { StackContext } from '../context.js';
import { fetchDebezium, fetchKafka } from '../fetch.js';
import { javaBin, log4jProperties } from './kafka.js';
import { withSecrets } from '../../../lib/secrets.js';
import { registerConnector } from '../../../connectors/register.js';

let libDir = '';
let pluginDir = '';

export const connectSecretsFile = (ctx: StackContext): string => `${ctx.layout.data('connect')}/secrets.properties`;

const workerProperties = (ctx: StackContext): string =>
  [
    `bootstrap.servers=127.0.0.1:${ctx.config.KAFKA_PORT}`,
    'group.id=sluice-connect',
    'key.converter=org.apache.kafka.connect.json.JsonConverter',
    'value.converter=org.apache.kafka.connect.json.JsonConverter',
    'key.converter.schemas.enable=false',
    'value.converter.schemas.enable=false',
    'config.storage.topic=sluice-connect-configs',
    'offset.storage.topic=sluice-connect-offsets',
    'status.storage.topic=sluice-connect-status',
    'config.storage.replication.factor=1',
    'offset.storage.replication.factor=1',
    'status.storage.replication.factor=1',
    // Short: read-your-writes waits for Connect's committed source offset to pass the client's commit.
    'offset.flush.interval.ms=100',
    `listeners=http://127.0.0.1:${ctx.config.CONNECT_PORT}`,
    'rest.advertised.host.name=127.0.0.1',
    `rest.advertised.port=${ctx.config.CONNECT_PORT}`,
    `plugin.path=${pluginDir}`,
    'config.providers=file',
    'config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider',
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
    // that might come back before it assigns them again. This cluster has one worker, so there is nobody to wait
    // for: 0 reassigns them at once (KAFKA-15693). A cluster of several workers should keep a delay.
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
    writeFileSync(`${dir}/connect-distributed.properties`, workerProperties(ctx));
    writeFileSync(`${dir}/log4j.properties`, log4jProperties());
  },
  spawn: (ctx) => {
    const dir = ctx.layout.data('connect');
    return {
      command: javaBin(ctx),
      args: [`-Xms256m`, `-Xmx${ctx.config.CONNECT_HEAP}`, '-XX:+UseG1GC', '-Djava.awt.headless=true',
        `-Dlog4j.configuration=file:${dir}/log4j.properties`, '-cp', `${libDir}/*`,
        'org.apache.kafka.connect.cli.ConnectDistributed', `${dir}/connect-distributed.properties`],
    };
  },
  async ready(ctx) {
    const response = await httpOk(`http://127.0.0.1:${ctx.config.CONNECT_PORT}/connector-plugins`);
    const plugins = response ? ((await response.json()) as { class: string }[]) : [];
    return plugins.some((plugin) => plugin.class === 'io.debezium.connector.postgresql.PostgresConnector');
  },
  async afterReady(ctx) {
    // Table changes (sluice-postgres) and domain events from the outbox (sluice-outbox, docs/events.md): two
    // connectors with their own slots, so either can stop or rewind without touching the other.
    const env = withSecrets({ ...process.env, SLUICE_SECRETS_FILE: ctx.secretsFile });
    for (const name of ['sluice-postgres', 'sluice-outbox']) {
      await registerConnector({
        connectUrl: `http://127.0.0.1:${ctx.config.CONNECT_PORT}`,
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
