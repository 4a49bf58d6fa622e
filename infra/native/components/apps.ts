// Sluice's own processes, supervised like the infrastructure. Only those whose entry point exists are
// started, so the stack grows with the code base.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Component } from '../component.js';
import { httpOk } from '../component.js';

interface AppSpec {
  name: string;
  entry: string;
  portVariable: string;
  defaultPort: number;
  after: string[];
}

const root = fileURLToPath(new URL('../../../', import.meta.url));

const specs: AppSpec[] = [
  { name: 'command-api', entry: 'api/command/main.ts', portVariable: 'API_COMMAND_PORT', defaultPort: 8080, after: ['postgres'] },
  { name: 'projector', entry: 'projector/main.ts', portVariable: 'PROJECTOR_METRICS_PORT', defaultPort: 8090, after: ['connect', 'elasticsearch'] },
  // The query API is ready once the projection aliases exist, which the projector creates at start-up.
  { name: 'query-api', entry: 'api/query/main.ts', portVariable: 'API_QUERY_PORT', defaultPort: 8081, after: ['projector'] },
  { name: 'ops', entry: 'api/ops/main.ts', portVariable: 'API_OPS_PORT', defaultPort: 8082, after: ['connect', 'elasticsearch'] },
];

const portOf = (spec: AppSpec): number => Number(process.env[spec.portVariable] ?? spec.defaultPort);

const toComponent = (spec: AppSpec): Component => ({
  name: spec.name,
  after: spec.after,
  readyTimeoutMs: 60_000,
  address: () => `http://127.0.0.1:${portOf(spec)}`,
  prepare: async () => undefined,
  spawn: () => ({ command: process.execPath, args: ['--import', 'tsx', `${root}${spec.entry}`], cwd: root }),
  ready: async () => (await httpOk(`http://127.0.0.1:${portOf(spec)}/ready`)) !== undefined,
});

export const appComponents = (): Component[] => specs.filter((spec) => existsSync(`${root}${spec.entry}`)).map(toComponent);
