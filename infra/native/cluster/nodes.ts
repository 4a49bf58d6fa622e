// The cluster's components: the development stack's own starters (../components/), each run as several nodes. A
// node is the same component seen through a context of its own: its ports and node settings over the cluster's
// (topology.ts), and its data in a folder named after it, so no starter is copied to make a cluster.
import { connect as tcp } from 'node:net';
import type { Component } from '../component.js';
import { loadStackConfig, type StackContext } from '../context.js';
import { createLayout } from '../layout.js';
import { postgres } from '../components/postgres.js';
import { kafka } from '../components/kafka.js';
import { connect } from '../components/connect.js';
import { elasticsearch } from '../components/elasticsearch.js';
import { appComponent, appRuntime, appSpecs, type AppSpec } from '../components/apps.js';
import { withSecrets } from '../../../lib/secrets.js';
import type { Topology } from './topology.js';

type Overrides = Record<string, string>;

/** The context a node of `kind` sees: its own settings over the cluster's, its own data folder. */
function nodeContext(ctx: StackContext, kind: string, dataName: string, overrides: Overrides): StackContext {
  const config = loadStackConfig(withSecrets({ ...process.env, SLUICE_SECRETS_FILE: ctx.secretsFile, ...overrides }));
  const base = createLayout(config.SLUICE_HOME, config.SLUICE_DOWNLOADS);
  return { ...ctx, config, layout: { ...base, data: (c) => (c === kind ? base.data(dataName) : base.data(c)) } };
}

function asNode(component: Component, name: string, after: string[], overrides: Overrides, withAfterReady = true): Component {
  const of = (ctx: StackContext): StackContext => nodeContext(ctx, component.name, name, overrides);
  const afterReady = component.afterReady;
  return {
    ...component,
    name,
    after,
    // Three JVMs of a kind start at once on a machine of two cores: a Connect worker alone took over two minutes.
    readyTimeoutMs: Math.max(component.readyTimeoutMs, 300_000),
    address: (ctx) => component.address(of(ctx)),
    prepare: (ctx) => component.prepare(of(ctx)),
    spawn: (ctx) => component.spawn(of(ctx)),
    ready: (ctx) => component.ready(of(ctx)),
    ...(afterReady && withAfterReady ? { afterReady: (ctx: StackContext) => afterReady(of(ctx)) } : { afterReady: undefined }),
  };
}

const listening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = tcp({ host: '127.0.0.1', port }, () => socket.end(() => resolve(true)));
    socket.on('error', () => resolve(false));
  });

/** The balancer in front of the stateless services and of each kind's REST/HTTP nodes (./balancer.ts). */
function balancer(t: Topology): Component {
  const entry = 'infra/native/cluster/balancerMain.ts';
  const routes = [
    `${t.front.command}=${t.commandApi.map((n) => n.port).join(',')}`,
    `${t.front.query}=${t.queryApi.map((n) => n.port).join(',')}`,
    `${t.front.connect}=${t.connect.map((n) => n.port).join(',')}`,
    `${t.front.elasticsearch}=${t.elasticsearch.map((n) => n.port).join(',')}`,
  ];
  return {
    name: 'balancer',
    after: [],
    readyTimeoutMs: 30_000,
    address: () => `127.0.0.1:${t.front.command},${t.front.query},${t.front.connect},${t.front.elasticsearch}`,
    prepare: async () => undefined,
    spawn: () => {
      const runtime = appRuntime(entry);
      if (!runtime) throw new Error(`${entry} is missing`);
      return { command: process.execPath, args: [...runtime.args, ...routes] };
    },
    ready: () => listening(t.front.command),
  };
}

const spec = (name: string): AppSpec => {
  const found = appSpecs.find((s) => s.name === name);
  if (!found) throw new Error(`no app ${name}`);
  return found;
};

function apps(t: Topology): Component[] {
  const infra = ['postgres', 'balancer', ...t.kafka.map((k) => k.name)];
  const search = [...t.elasticsearch.map((e) => e.name), ...t.connect.map((c) => c.name)];
  const instances = (name: string, nodes: { name: string; port: number }[], after: (i: number) => string[]): Component[] => {
    const runtime = appRuntime(spec(name).entry);
    return runtime ? nodes.map((n, i) => appComponent(spec(name), runtime, { name: n.name, port: n.port, after: after(i) })) : [];
  };
  return [
    ...instances('command-api', t.commandApi, () => infra),
    // One after the other: the first creates topics and indexes, which two starting at once would race for.
    ...instances('projector', t.projector, (i) => (i === 0 ? [...infra, ...search] : [t.projector[i - 1]?.name ?? ''])),
    ...instances('query-api', t.queryApi, () => [t.projector[0]?.name ?? '']),
    ...instances('ops', [{ name: 'ops', port: t.ops }], () => [...infra, ...search]),
  ];
}

/** Every component of the cluster, in start order (the launcher starts what it can in parallel). */
export function clusterComponents(t: Topology): Component[] {
  const brokers = t.kafka.map((k) => k.name);
  const [firstConnect] = t.connect;
  return [
    postgres,
    // Each broker is ready once all three joined; the first then creates the ACLs and topics (once, not three times).
    ...t.kafka.map((k, i) =>
      asNode(kafka, k.name, [], { KAFKA_BROKERS: `127.0.0.1:${k.port}`, KAFKA_CONTROLLER_PORT: String(k.controllerPort), KAFKA_NODE_ID: String(k.id) }, i === 0)),
    ...t.elasticsearch.map((e) => asNode(elasticsearch, e.name, [], { ES_URL: `https://127.0.0.1:${e.port}`, ES_NODE_NAME: e.nodeName, ES_TRANSPORT_PORT: String(e.transportPort) })),
    balancer(t),
    // The first worker registers the connectors; the second joins the group afterwards and registers nothing.
    ...t.connect.map((c, i) =>
      asNode(connect, c.name, i === 0 ? ['postgres', ...brokers] : [firstConnect?.name ?? ''], { CONNECT_URL: `http://127.0.0.1:${c.port}` }, i === 0)),
    ...apps(t),
  ];
}
