// Kafka in KRaft mode, single node, bound to 127.0.0.1, with the replication factors a single node needs
// (without them consumers never find a group coordinator). It authenticates every client with SASL/SCRAM and
// authorizes with ACLs per principal (../kafkaSecurity.ts, ../kafkaAcls.ts), and runs as the unprivileged user.
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { KAFKA_PRINCIPALS, kafkaSasl, type KafkaSasl } from '../../../lib/kafkaSasl.js';
import { cdcTopic, DEFAULT_TOPIC_PREFIX, eventTopic } from '../../../lib/names.js';
import { capturedTableNames } from '../../../model/registry.js';
import { ensureTopics } from '../../../model/adapters/kafka/admin.js';
import type { Component } from '../component.js';
import type { StackContext } from '../context.js';
import { fetchKafka } from '../fetch.js';
import { kafkaAcls } from '../kafkaAcls.js';
import { aclEntries } from '../kafkaAclEntries.js';
import { kafkaMinInsync, kafkaReplicationFactor } from '../../../lib/replication.js';
import { addScramArgs, adminPlainClientProperties, kafkaPasswords, securityProperties, type KafkaPasswords } from '../kafkaSecurity.js';
import { chownTree, ensureTraversable } from '../runAs.js';

const run = promisify(execFile);

export const javaBin = (ctx: StackContext): string => `${ctx.javaHome}/bin/java`;

export const log4jProperties = (level = 'INFO'): string =>
  [
    `log4j.rootLogger=${level}, stdout`,
    'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
    'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
    'log4j.logger.kafka=INFO',
    'log4j.logger.org.apache.kafka=INFO',
    'log4j.logger.org.reflections=ERROR',
    // The progress tracker reads the connector's committed offsets from Connect's REST API every 100 ms; at INFO,
    // Connect writes an access-log line and dumps four config objects (about 80 lines) for each such request.
    'log4j.logger.org.apache.kafka.connect.runtime.rest.RestServer=WARN',
    'log4j.logger.org.apache.kafka.connect.runtime.ConnectorConfig=WARN',
    'log4j.logger.org.apache.kafka.connect.runtime.SourceConnectorConfig=WARN',
    'log4j.logger.org.apache.kafka.connect.runtime.ConnectorConfig$EnrichedConnectorConfig=WARN',
    'log4j.logger.org.apache.kafka.connect.runtime.SourceConnectorConfig$EnrichedSourceConnectorConfig=WARN',
  ].join('\n');

// One node, or one of several (the cluster, ../cluster/): every node is broker and controller, and the replication
// factors of Kafka's own topics follow KAFKA_REPLICATION_FACTOR (lib/replication.ts), as do the defaults of topics.
const serverProperties = (ctx: StackContext, passwords: KafkaPasswords, adminPlain: boolean): string => {
  const { KAFKA_PORT, KAFKA_CONTROLLER_PORT, KAFKA_NODE_ID } = ctx.config;
  const rf = kafkaReplicationFactor();
  return [
    'process.roles=broker,controller',
    `node.id=${KAFKA_NODE_ID}`,
    `controller.quorum.voters=${ctx.config.KAFKA_QUORUM_VOTERS ?? `${KAFKA_NODE_ID}@127.0.0.1:${KAFKA_CONTROLLER_PORT}`}`,
    `listeners=CLIENT://127.0.0.1:${KAFKA_PORT},CONTROLLER://127.0.0.1:${KAFKA_CONTROLLER_PORT}`,
    `advertised.listeners=CLIENT://127.0.0.1:${KAFKA_PORT}`,
    'controller.listener.names=CONTROLLER',
    ...securityProperties(passwords, adminPlain),
    `log.dirs=${ctx.layout.data('kafka')}/logs`,
    'num.partitions=4',
    `offsets.topic.replication.factor=${rf}`,
    `transaction.state.log.replication.factor=${rf}`,
    `transaction.state.log.min.isr=${kafkaMinInsync()}`,
    `default.replication.factor=${rf}`,
    `min.insync.replicas=${kafkaMinInsync()}`,
    'group.initial.rebalance.delay.ms=0',
    'log.retention.hours=168',
  ].join('\n');
};

const brokerOf = (ctx: StackContext): string => `127.0.0.1:${ctx.config.KAFKA_PORT}`;

/** The launcher's own client: the admin principal. */
const adminClient = (ctx: StackContext, sasl: KafkaSasl | undefined, retries = 0): Kafka =>
  new Kafka({ clientId: 'sluice-launcher', brokers: [brokerOf(ctx)], logLevel: logLevel.NOTHING, retry: { retries }, ...(sasl ? { sasl } : {}) });

const launcherSasl = (ctx: StackContext): KafkaSasl | undefined => kafkaSasl(KAFKA_PRINCIPALS.admin, kafkaPasswords(ctx).users[KAFKA_PRINCIPALS.admin]);

/** Ready when the broker answers metadata requests as the admin, not merely when its port is open. */
async function brokerAnswers(ctx: StackContext): Promise<boolean> {
  const admin = adminClient(ctx, launcherSasl(ctx)).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    // Of several nodes, ready once enough brokers joined to host a topic at the replication factor.
    return cluster.brokers.length >= kafkaReplicationFactor();
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

// SCRAM users recorded as created, one name a line: a new home gets them at format time; a home formatted before
// they existed (an existing development stack) gets them through the broker, as the admin logging in with PLAIN
// for that one start (../kafkaSecurity.ts).
const scramMarker = (ctx: StackContext): string => `${ctx.layout.data('kafka')}/scram-users`;const pendingScramUsers = (ctx: StackContext): string[] => Object.keys(kafkaPasswords(ctx).users).filter((name) => !readMarker(ctx).includes(name));

/** The listener accepts connections (the Java tool would otherwise wait a minute for it). */
const portOpen = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.end(() => resolve(true)));
    socket.on('error', () => resolve(false));
    socket.setTimeout(1_000, () => socket.destroy(new Error('timeout')));
  });

/** Adds the missing SCRAM users as the admin over PLAIN (nobody can log in with SCRAM yet). */
async function addScramUsers(ctx: StackContext): Promise<boolean> {
  const dir = ctx.layout.data('kafka');
  const passwords = kafkaPasswords(ctx);
  if (!(await portOpen(ctx.config.KAFKA_PORT))) return false;
  const commandConfig = `${ctx.layout.run}/kafka-admin-plain.properties`;
  mkdirSync(ctx.layout.run, { recursive: true });
  writeFileSync(commandConfig, adminPlainClientProperties(passwords), { mode: 0o600 });
  try {
    for (const name of pendingScramUsers(ctx)) {
      await run(javaBin(ctx), ['-cp', `${libDir}/*`, `-Dlog4j.configuration=file:${dir}/log4j.properties`, 'kafka.admin.ConfigCommand',
        '--bootstrap-server', brokerOf(ctx), '--command-config', commandConfig,
        '--alter', '--entity-type', 'users', '--entity-name', name, '--add-config', `SCRAM-SHA-512=[password=${passwords.users[name] ?? ''}]`], { timeout: 30_000 });
      writeFileSync(scramMarker(ctx), `${[...readMarker(ctx), name].join('\n')}\n`);
      ctx.say(`kafka: added the SCRAM user ${name} to a cluster formatted before it existed (PLAIN goes at the next restart)`);
    }
    return true;
  } catch {
    return false; // the broker is not up yet: asked again at the next readiness poll
  } finally {
    rmSync(commandConfig, { force: true });
  }
}

const readMarker = (ctx: StackContext): string[] => (existsSync(scramMarker(ctx)) ? readFileSync(scramMarker(ctx), 'utf8').split('\n').filter(Boolean) : []);

let libDir = '';

export const kafka: Component = {
  name: 'kafka',
  after: [],
  readyTimeoutMs: 90_000,
  address: (ctx) => brokerOf(ctx),
  async prepare(ctx) {
    libDir = await fetchKafka(ctx.layout.downloads, ctx.say);
    const dir = ctx.layout.data('kafka');
    const passwords = kafkaPasswords(ctx);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const formatted = existsSync(`${dir}/logs/meta.properties`);
    writeFileSync(`${dir}/server.properties`, serverProperties(ctx, passwords, formatted && pendingScramUsers(ctx).length > 0), { mode: 0o600 });
    chmodSync(`${dir}/server.properties`, 0o600); // a file written by an older launcher keeps its mode otherwise
    writeFileSync(`${dir}/log4j.properties`, log4jProperties());
    if (!formatted) {
      const cp = `${libDir}/*`;
      const clusterId = ctx.config.KAFKA_CLUSTER_ID ?? execFileSync(javaBin(ctx), ['-cp', cp, `-Dlog4j.configuration=file:${dir}/log4j.properties`, 'kafka.tools.StorageTool', 'random-uuid'], { encoding: 'utf8' }).trim();
      // The passwords are on this short-lived command line (StorageTool reads them nowhere else); it runs once per
      // home, as the launcher's own user, before anything else of the stack runs.
      execFileSync(javaBin(ctx), ['-cp', cp, `-Dlog4j.configuration=file:${dir}/log4j.properties`, 'kafka.tools.StorageTool', 'format',
        '-t', clusterId, '-c', `${dir}/server.properties`, '--ignore-formatted', ...addScramArgs(passwords)], { stdio: 'pipe' });
      writeFileSync(scramMarker(ctx), `${Object.keys(passwords.users).join('\n')}\n`);
    }
    chownTree(dir, ctx.runAs);
    ensureTraversable(libDir, ctx.runAs, ctx.say);
    ensureTraversable(dir, ctx.runAs, ctx.say);
  },
  spawn: (ctx) => {
    const dir = ctx.layout.data('kafka');
    return {
      command: javaBin(ctx),
      args: [`-Xms${ctx.config.KAFKA_HEAP}`, `-Xmx${ctx.config.KAFKA_HEAP}`, '-XX:+UseG1GC', '-Djava.awt.headless=true',
        `-Dlog4j.configuration=file:${dir}/log4j.properties`, `-Dkafka.logs.dir=${ctx.layout.logs}`, '-cp', `${libDir}/*`,
        'kafka.Kafka', `${dir}/server.properties`],
      uid: ctx.runAs?.uid,
      gid: ctx.runAs?.gid,
    };
  },
  async ready(ctx) {
    if (pendingScramUsers(ctx).length > 0 && !(await addScramUsers(ctx))) return false;
    return brokerAnswers(ctx);
  },
  async afterReady(ctx) {
    const client = adminClient(ctx, launcherSasl(ctx), 5);
    // ACLs per principal (creating one that exists changes nothing), then the topics Connect's connectors write and
    // the projector subscribes to at start: created here as admin, because the projector may not create them.
    const admin = client.admin();
    await admin.connect();
    try {
      await admin.createAcls({ acl: aclEntries(kafkaAcls()) });
    } finally {
      await admin.disconnect();
    }
    await ensureTopics(client, [...capturedTableNames.map((t) => cdcTopic({ prefix: DEFAULT_TOPIC_PREFIX }, t)), eventTopic('order')], 4);
  },
};
