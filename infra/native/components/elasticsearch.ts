// Elasticsearch from Maven Central's integ-test-zip (a stripped distribution: no painless, no analysis-common, no
// reindex, but x-pack-security), run as the unprivileged user with a capped heap, single node, loopback only.
// Security is on: TLS on the HTTP layer with a CA made once per home (./esCerts.ts), and one file-realm user per
// Sluice service with a role cut to what it does (./esRoles.ts, ./esRealm.ts), rewritten on every `up`.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Component } from '../component.js';
import type { StackContext } from '../context.js';
import { esHttp } from '../esHttp.js';
import { fetchElasticsearch } from '../fetch.js';
import { chownTree, ensureTraversable } from '../runAs.js';
import { certFilesOf, ensureEsCerts } from './esCerts.js';
import { passwordsFrom, writeRealm } from './esRealm.js';
import { ES_USERS, esRoles, type EsService } from './esRoles.js';
import { readSecrets } from '../../../lib/secrets.js';
import { waitFor } from '../../../lib/waitFor.js';
import { readModelNames } from '../../../model/registry.js';

let esHome = '';

const configDir = (ctx: StackContext): string => `${ctx.layout.data('elasticsearch')}/config`;

/** A single node, or one of a cluster (../cluster/): every node master-eligible and data, found by its transport port. */
const discovery = (c: StackContext['config']): string[] =>
  c.ES_SEED_HOSTS
    ? [`discovery.seed_hosts: [${c.ES_SEED_HOSTS}]`, `cluster.initial_master_nodes: [${c.ES_MASTER_NODES ?? c.ES_NODE_NAME}]`, `transport.port: ${c.ES_TRANSPORT_PORT ?? 9300}`]
    : ['discovery.type: single-node'];

const settings = (ctx: StackContext): string => {
  const dir = ctx.layout.data('elasticsearch');
  return [
    'cluster.name: sluice',
    `node.name: ${ctx.config.ES_NODE_NAME}`,
    ...discovery(ctx.config),
    'network.host: 127.0.0.1',
    `http.port: ${ctx.config.ES_PORT}`,
    `path.data: ${dir}/data`,
    `path.logs: ${dir}/logs`,
    'cluster.routing.allocation.disk.threshold_enabled: false',
    'action.destructive_requires_name: true',
    'xpack.security.enabled: true',
    'xpack.security.enrollment.enabled: false',
    'xpack.security.autoconfiguration.enabled: false',
    ...['http', 'transport'].flatMap((layer) => [
      `xpack.security.${layer}.ssl.enabled: true`,
      `xpack.security.${layer}.ssl.key: certs/node.key`,
      `xpack.security.${layer}.ssl.certificate: certs/node.crt`,
      `xpack.security.${layer}.ssl.certificate_authorities: [certs/ca.crt]`,
    ]),
    'xpack.security.transport.ssl.verification_mode: certificate',
    // Users and roles come from files only: this distribution cannot create the .security index (it lacks the
    // analysis module its mapping needs), so the native realm and the built-in users are switched off.
    'xpack.security.authc.realms.file.file1.order: 0',
    'xpack.security.authc.realms.native.native1.enabled: false',
    'xpack.security.authc.reserved_realm.enabled: false',
    // Users and roles are files the launcher rewrites; a change is picked up within a second or so.
    'resource.reload.interval.high: 1s',
  ].join('\n');
};

const passwords = (ctx: StackContext): Record<EsService, string> => passwordsFrom(readSecrets({ SLUICE_SECRETS_FILE: ctx.secretsFile }));

/** The roles follow the projection registry and the deployment's index prefix. Outside production they allow any prefix
 * before the same names: tests and benchmarks isolate their projectors with one, and still act as the real users. */
const rolePrefix = (ctx: StackContext): string => (ctx.config.NODE_ENV === 'production' ? ctx.config.PROJECTOR_INDEX_PREFIX : '*');

const registered = (): string[] => [...readModelNames];

const realm = (ctx: StackContext): boolean => writeRealm(configDir(ctx), passwords(ctx), rolePrefix(ctx), registered());

/** How the launcher reaches the node: https, trusting only the stack's CA, as the launcher's superuser. */
const asUser = (ctx: StackContext, service: EsService) => ({
  url: `https://127.0.0.1:${ctx.config.ES_PORT}`,
  ca: readFileSync(certFilesOf(configDir(ctx)).ca),
  username: ES_USERS[service],
  password: passwords(ctx)[service],
});

const answers = async (ctx: StackContext, service: EsService, path: string): Promise<boolean> => {
  try {
    return (await esHttp(asUser(ctx, service), path)).status === 200;
  } catch {
    return false;
  }
};

/** Whether this home's Elasticsearch is the launcher's (its realm files exist), so that its roles are the launcher's to write. */
export const managesElasticsearch = (ctx: StackContext): boolean => existsSync(`${configDir(ctx)}/users_roles`) && existsSync(certFilesOf(configDir(ctx)).ca);

/**
 * Whether the node holds the roles as written: every index name a service user's role grants appears in that user's
 * own privileges. The node reloads roles.yml on a file watch, seconds after the write, and a user authenticates with
 * its old roles meanwhile: a projection just registered would be refused until then (403).
 */
async function rolesInEffect(ctx: StackContext): Promise<boolean> {
  const roles = esRoles(rolePrefix(ctx), registered());
  const checks = (Object.keys(ES_USERS) as EsService[]).map(async (service) => {
    const role = roles[ES_USERS[service]];
    if (!role) return true; // the launcher's superuser
    const answer = await esHttp(asUser(ctx, service), '/_security/user/_privileges').catch(() => undefined);
    if (answer?.status !== 200) return false;
    const granted = new Set((JSON.parse(answer.body) as { indices: { names: string[] }[] }).indices.flatMap((grant) => grant.names));
    return role.indices.flatMap((grant) => grant.names).every((name) => granted.has(name));
  });
  return (await Promise.all(checks)).every(Boolean);
}

/** Writes the realm (a no-op when unchanged) and waits until every service user authenticates with it and holds its roles as written. */
export async function syncElasticsearchSecurity(ctx: StackContext): Promise<void> {
  if (realm(ctx)) chownTree(configDir(ctx), ctx.runAs);
  await waitFor(async () => (await Promise.all((Object.keys(ES_USERS) as EsService[]).map((s) => answers(ctx, s, '/_security/_authenticate')))).every(Boolean), {
    timeoutMs: 30_000,
    intervalMs: 250,
    description: 'every Elasticsearch service user to authenticate',
  });
  await waitFor(() => rolesInEffect(ctx), { timeoutMs: 30_000, intervalMs: 250, description: 'the Elasticsearch roles as written to be in effect' });
}

export const elasticsearch: Component = {
  name: 'elasticsearch',
  after: [],
  readyTimeoutMs: 240_000, // a loaded 2-core machine takes two minutes and more to start it
  address: (ctx) => `https://127.0.0.1:${ctx.config.ES_PORT}`,
  async prepare(ctx) {
    esHome = await fetchElasticsearch(ctx.layout.downloads, ctx.say);
    if (!existsSync(`${esHome}/modules/x-pack-security`)) throw new Error(`${esHome} has no x-pack-security module: the launcher needs it for authentication and TLS`);
    const dir = ctx.layout.data('elasticsearch');
    mkdirSync(dir, { recursive: true });
    ensureTraversable(esHome, ctx.runAs, ctx.say);
    ensureTraversable(dir, ctx.runAs, ctx.say);
    if (!existsSync(configDir(ctx))) cpSync(`${esHome}/config`, configDir(ctx), { recursive: true });
    mkdirSync(`${dir}/data`, { recursive: true });
    mkdirSync(`${dir}/logs`, { recursive: true });
    mkdirSync(`${dir}/tmp`, { recursive: true });
    // A cluster's nodes share one CA and certificate (their transport layer trusts only it; clients trust its CA).
    if (ctx.config.ES_CERTS_FROM) cpSync(ctx.config.ES_CERTS_FROM, certFilesOf(configDir(ctx)).dir, { recursive: true });
    if (ensureEsCerts(configDir(ctx))) ctx.say(`elasticsearch: made its HTTP certificate; clients trust ${certFilesOf(configDir(ctx)).ca}`);
    writeFileSync(`${configDir(ctx)}/elasticsearch.yml`, settings(ctx));
    realm(ctx);
    chownTree(dir, ctx.runAs);
  },
  spawn: (ctx) => {
    const dir = ctx.layout.data('elasticsearch');
    const heap = ctx.config.ES_HEAP;
    return {
      command: `${esHome}/bin/elasticsearch`,
      args: ctx.config.ES_SETTINGS.split(',').map((s) => s.trim()).filter(Boolean).map((s) => `-E${s}`),
      env: { ES_JAVA_HOME: ctx.javaHome, ES_PATH_CONF: configDir(ctx), ES_TMPDIR: `${dir}/tmp`, ES_JAVA_OPTS: `-Xms${heap} -Xmx${heap}` },
      uid: ctx.runAs?.uid,
      gid: ctx.runAs?.gid,
    };
  },
  ready: async (ctx) => existsSync(certFilesOf(configDir(ctx)).ca) && answers(ctx, 'admin', '/_cluster/health?wait_for_status=yellow&timeout=1s'),
  afterReady: syncElasticsearchSecurity,
};
