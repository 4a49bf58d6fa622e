// Elasticsearch from Maven Central's integ-test-zip (a stripped distribution: no painless, no
// analysis-common, no reindex), run as the unprivileged user with a capped heap, single node, loopback only.
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import type { Component } from '../component.js';
import { httpOk } from '../component.js';
import type { StackContext } from '../context.js';
import { fetchElasticsearch } from '../fetch.js';
import { chownTree, ensureTraversable } from '../runAs.js';

let esHome = '';

const settings = (ctx: StackContext): string => {
  const dir = ctx.layout.data('elasticsearch');
  const lines = [
    'cluster.name: sluice',
    'node.name: sluice-1',
    'discovery.type: single-node',
    'network.host: 127.0.0.1',
    `http.port: ${ctx.config.ES_PORT}`,
    `path.data: ${dir}/data`,
    `path.logs: ${dir}/logs`,
    'cluster.routing.allocation.disk.threshold_enabled: false',
    'action.destructive_requires_name: true',
  ];
  // The setting is unknown (and fatal) when the security module is absent.
  if (existsSync(`${esHome}/modules/x-pack-security`)) lines.push('xpack.security.enabled: false');
  return lines.join('\n');
};

export const elasticsearch: Component = {
  name: 'elasticsearch',
  after: [],
  readyTimeoutMs: 120_000,
  address: (ctx) => `http://127.0.0.1:${ctx.config.ES_PORT}`,
  async prepare(ctx) {
    esHome = await fetchElasticsearch(ctx.layout.downloads, ctx.say);
    const dir = ctx.layout.data('elasticsearch');
    mkdirSync(dir, { recursive: true });
    ensureTraversable(esHome, ctx.runAs, ctx.say);
    ensureTraversable(dir, ctx.runAs, ctx.say);
    if (!existsSync(`${dir}/config`)) cpSync(`${esHome}/config`, `${dir}/config`, { recursive: true });
    mkdirSync(`${dir}/data`, { recursive: true });
    mkdirSync(`${dir}/logs`, { recursive: true });
    mkdirSync(`${dir}/tmp`, { recursive: true });
    writeFileSync(`${dir}/config/elasticsearch.yml`, settings(ctx));
    chownTree(dir, ctx.runAs);
  },
  spawn: (ctx) => {
    const dir = ctx.layout.data('elasticsearch');
    const heap = ctx.config.ES_HEAP;
    return {
      command: `${esHome}/bin/elasticsearch`,
      args: [],
      env: { ES_JAVA_HOME: ctx.javaHome, ES_PATH_CONF: `${dir}/config`, ES_TMPDIR: `${dir}/tmp`, ES_JAVA_OPTS: `-Xms${heap} -Xmx${heap}` },
      uid: ctx.runAs?.uid,
      gid: ctx.runAs?.gid,
    };
  },
  ready: async (ctx) =>
    (await httpOk(`http://127.0.0.1:${ctx.config.ES_PORT}/_cluster/health?wait_for_status=yellow&timeout=1s`)) !== undefined,
};
