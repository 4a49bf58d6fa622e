// The replicated cluster as the launcher sees it: its topology, its settings in the environment of everything it
// starts (and in <home>/cluster.env for the tools), its shared Elasticsearch certificates, and its components.
import { createContext } from '../index.js';
import type { StackContext } from '../context.js';
import type { Component } from '../component.js';
import { ensureEsCerts } from '../components/esCerts.js';
import { ensureTraversable } from '../runAs.js';
import { clusterComponents } from './nodes.js';
import { clusterSettings, esCertsDir, topology, writeClusterEnv, type Topology } from './topology.js';

export interface Cluster {
  topology: Topology;
  ctx: StackContext;
  components: Component[];
}

export function openCluster(env: NodeJS.ProcessEnv, say: (line: string) => void): Cluster {
  const t = topology(env);
  const settings = clusterSettings(t, env);
  writeClusterEnv(t, settings);
  // The starters and the processes they spawn read their settings from the environment: the cluster's win.
  Object.assign(env, settings);
  ensureEsCerts(esCertsDir(t));
  const ctx = createContext(env, say);
  ensureTraversable(`${esCertsDir(t)}/certs/ca.crt`, ctx.runAs, say);
  return { topology: t, ctx, components: clusterComponents(t) };
}

export { clusterDetails } from './status.js';
export { clusterEnvFile, readClusterEnv, topology } from './topology.js';
