// Idempotent registration of a connector: the JSON file beside this one holds the settings that never vary;
// where the database is and who connects come from configuration. The password is never sent to Connect: it
// is written to a secrets file that Connect's FileConfigProvider reads. The table-change connector's table list is
// not in its JSON file: it is derived from the projections' declarations (model/projections/captured.ts).
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { connectorNotificationTopic, TABLE_CONNECTOR } from '../lib/names.js';
import { kafkaReplicationFactor } from '../lib/replication.js';
import { waitFor } from '../lib/waitFor.js';
import { qualifiedTable } from '../model/projections/captured.js';
import { capturedTableNames } from '../model/registry.js';
import { connectFetch, type ConnectRest } from './rest.js';

export interface ConnectorTarget {
  connect: ConnectRest;
  name: string;
  database: { host: string; port: number; name: string; user: string; password: string };
  secretsFile: string;
}

interface ConnectorStatus {
  connector: { state: string; trace?: string };
  tasks: { id: number; state: string; trace?: string }[];
}

export const connectorSettings = (name: string): Record<string, string> =>
  JSON.parse(readFileSync(new URL(`./${name}.json`, import.meta.url), 'utf8')) as Record<string, string>;

/**
 * What the configuration derives rather than states: for the table-change connector, the captured tables (the
 * registered projections' and Sluice's own) and where its snapshot notifications go (named in lib/names.ts).
 */
export function derivedSettings(name: string, tables: readonly string[] = capturedTableNames): Record<string, string> {
  if (name !== TABLE_CONNECTOR) return {};
  const settings = connectorSettings(name);
  return {
    'table.include.list': tables.map((t) => qualifiedTable(t)).join(','),
    'notification.sink.topic.name': connectorNotificationTopic(settings['topic.prefix']),
  };
}

/**
 * The reference Connect resolves to the password. Absolute: Connect resolves a relative path against its own
 * working directory, which is the repository only when the native launcher started it from there.
 */
export const passwordReference = (secretsFile: string): string => `\${file:${resolve(secretsFile)}:database.password}`;

export function connectorConfig(target: ConnectorTarget): Record<string, string> {
  return {
    ...connectorSettings(target.name),
    ...derivedSettings(target.name),
    // The JSON says 1 for the single development broker; the deployment's replication factor wins (lib/replication.ts).
    'topic.creation.default.replication.factor': String(kafkaReplicationFactor()),
    'database.hostname': target.database.host,
    'database.port': String(target.database.port),
    'database.dbname': target.database.name,
    'database.user': target.database.user,
    'database.password': passwordReference(target.secretsFile),
  };
}

/** First line of a Java stack trace: the connector's own error message. */
const firstLine = (trace: string | undefined): string => (trace ?? 'no trace').split('\n')[0] ?? '';

export async function fetchStatus(connect: ConnectRest, name: string): Promise<ConnectorStatus | undefined> {
  const response = await connectFetch(connect, `/connectors/${name}/status`, { signal: AbortSignal.timeout(5000) });
  return response.ok ? ((await response.json()) as ConnectorStatus) : undefined;
}

function failureOf(status: ConnectorStatus): string | undefined {
  if (status.connector.state === 'FAILED') return firstLine(status.connector.trace);
  const task = status.tasks.find((t) => t.state === 'FAILED');
  return task ? firstLine(task.trace) : undefined;
}

/**
 * Restarts the connector and all of its tasks (Connect 3.0+: one request). This is what an operator does by hand
 * when a broker or database outage left the connector UNASSIGNED or FAILED; the Debezium task resumes from the
 * source offset Connect last committed, so nothing is skipped (and what was re-read is deduplicated downstream).
 */
export async function restartConnector(connect: ConnectRest, name: string, timeoutMs = 10_000): Promise<void> {
  const response = await connectFetch(connect, `/connectors/${encodeURIComponent(name)}/restart?includeTasks=true&onlyFailed=false`, {
    method: 'POST',
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) throw new Error(`Kafka Connect refused to restart ${name}: ${response.status} ${await response.text()}`);
}

/** The connector and every one of its tasks run. */
export const isRunning = (status: ConnectorStatus): boolean => status.connector.state === 'RUNNING' && status.tasks.length > 0 && status.tasks.every((t) => t.state === 'RUNNING');
const isStuck = (status: ConnectorStatus): boolean => ['UNASSIGNED', 'FAILED'].includes(status.connector.state) || status.tasks.some((t) => ['UNASSIGNED', 'FAILED'].includes(t.state));

/**
 * Puts the configuration and waits until the connector and its task run. A connector found stuck (UNASSIGNED or
 * FAILED, as an outage of Kafka or Postgres can leave it) is restarted once, after `stuckMs`; failing again after
 * that, registration fails with the connector's own error.
 */
export async function registerConnector(target: ConnectorTarget, timeoutMs = 60_000, stuckMs = 5_000): Promise<void> {
  writeFileSync(target.secretsFile, `database.password=${target.database.password}\n`, { mode: 0o600 });
  chmodSync(target.secretsFile, 0o600);
  const response = await connectFetch(target.connect, `/connectors/${target.name}/config`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(connectorConfig(target)),
  });
  if (!response.ok) throw new Error(`Kafka Connect rejected connector ${target.name}: ${await response.text()}`);
  let last = 'no status yet';
  let stuckSince: number | undefined;
  let restarted = false;
  const outcome = await waitFor(
    async () => {
      const status = await fetchStatus(target.connect, target.name);
      if (!status) return false;
      last = `connector ${status.connector.state}, tasks ${status.tasks.map((t) => t.state).join(', ') || 'none'}`;
      if (isRunning(status)) return { failure: undefined };
      if (!isStuck(status)) {
        stuckSince = undefined;
        return false;
      }
      stuckSince ??= Date.now();
      if (restarted) return failureOf(status) ? { failure: failureOf(status) } : false;
      if (failureOf(status) || Date.now() - stuckSince >= stuckMs) {
        await restartConnector(target.connect, target.name);
        restarted = true;
        stuckSince = undefined;
      }
      return false;
    },
    { timeoutMs, intervalMs: 500, description: `connector ${target.name} and its task to be RUNNING` },
  ).catch((error: unknown) => {
    throw new Error(`connector ${target.name} was not RUNNING within ${timeoutMs / 1000} s (last seen: ${last})`, { cause: error });
  });
  if (outcome.failure) throw new Error(`connector ${target.name} failed: ${outcome.failure}`);
}
