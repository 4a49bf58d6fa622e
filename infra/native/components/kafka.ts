// Kafka in KRaft mode, single node, bound to 127.0.0.1, with the replication factors a single node needs
// (without them consumers never find a group coordinator).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import type { Component } from '../component.js';
import type { StackContext } from '../context.js';
import { fetchKafka } from '../fetch.js';

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

const serverProperties = (ctx: StackContext): string => {
  const { KAFKA_PORT, KAFKA_CONTROLLER_PORT } = ctx.config;
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${KAFKA_CONTROLLER_PORT}`,
    `listeners=PLAINTEXT://127.0.0.1:${KAFKA_PORT},CONTROLLER://127.0.0.1:${KAFKA_CONTROLLER_PORT}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${KAFKA_PORT}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${ctx.layout.data('kafka')}/logs`,
    'num.partitions=4',
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=true',
    'log.retention.hours=168',
  ].join('\n');
};

/** Ready when the broker answers metadata requests, not merely when its port is open. */
async function brokerAnswers(port: number): Promise<boolean> {
  const admin = new Kafka({ brokers: [`127.0.0.1:${port}`], logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

let libDir = '';

export const kafka: Component = {
  name: 'kafka',
  after: [],
  readyTimeoutMs: 90_000,
  address: (ctx) => `127.0.0.1:${ctx.config.KAFKA_PORT}`,
  async prepare(ctx) {
    libDir = await fetchKafka(ctx.layout.downloads, ctx.say);
    const dir = ctx.layout.data('kafka');
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}/server.properties`, serverProperties(ctx));
    writeFileSync(`${dir}/log4j.properties`, log4jProperties());
    if (existsSync(`${dir}/logs/meta.properties`)) return;
    const cp = `${libDir}/*`;
    const clusterId = execFileSync(javaBin(ctx), ['-cp', cp, `-Dlog4j.configuration=file:${dir}/log4j.properties`, 'kafka.tools.StorageTool', 'random-uuid'], { encoding: 'utf8' }).trim();
    execFileSync(javaBin(ctx), ['-cp', cp, `-Dlog4j.configuration=file:${dir}/log4j.properties`, 'kafka.tools.StorageTool', 'format',
      '-t', clusterId, '-c', `${dir}/server.properties`, '--ignore-formatted'], { stdio: 'pipe' });
  },
  spawn: (ctx) => {
    const dir = ctx.layout.data('kafka');
    return {
      command: javaBin(ctx),
      args: [`-Xms${ctx.config.KAFKA_HEAP}`, `-Xmx${ctx.config.KAFKA_HEAP}`, '-XX:+UseG1GC', '-Djava.awt.headless=true',
        `-Dlog4j.configuration=file:${dir}/log4j.properties`, `-Dkafka.logs.dir=${ctx.layout.logs}`, '-cp', `${libDir}/*`,
        'kafka.Kafka', `${dir}/server.properties`],
    };
  },
  ready: (ctx) => brokerAnswers(ctx.config.KAFKA_PORT),
};
