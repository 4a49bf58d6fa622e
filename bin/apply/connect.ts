// `sluice apply`'s Kafka Connect side: the running configuration, a new one put in its place, and the wait until
// the connector's task runs with it. "RUNNING" alone is not enough right after a PUT: the old task may still be
// the one reporting. The task's own configuration (GET .../tasks) is what the new task was started with.
import { waitFor } from '../../lib/waitFor.js';
import { fetchStatus, isRunning } from '../../connectors/register.js';
import { connectFetch, type ConnectRest } from '../../connectors/rest.js';

export async function connectorConfigOf(connect: ConnectRest, name: string): Promise<Record<string, string> | undefined> {
  const response = await connectFetch(connect, `/connectors/${encodeURIComponent(name)}/config`, { signal: AbortSignal.timeout(10_000) });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`Kafka Connect answered ${response.status} for ${name}'s configuration: ${await response.text()}`);
  return (await response.json()) as Record<string, string>;
}

export async function putConnectorConfig(connect: ConnectRest, name: string, config: Readonly<Record<string, string>>): Promise<void> {
  const { name: _ignored, ...body } = config; // Connect refuses a name in the body that is not the path's
  const response = await connectFetch(connect, `/connectors/${encodeURIComponent(name)}/config`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new Error(`Kafka Connect rejected the configuration of ${name}: ${await response.text()}`);
}

/** Waits until every task runs with `key` = `value` in its configuration. */
export async function waitTaskRunsWith(connect: ConnectRest, name: string, key: string, value: string, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    async () => {
      const tasks = await connectFetch(connect, `/connectors/${encodeURIComponent(name)}/tasks`, { signal: AbortSignal.timeout(5_000) });
      if (!tasks.ok) return false;
      const configs = (await tasks.json()) as { config: Record<string, string> }[];
      if (configs.length === 0 || configs.some((t) => t.config[key] !== value)) return false;
      const status = await fetchStatus(connect, name);
      return status !== undefined && isRunning(status);
    },
    { timeoutMs, intervalMs: 250, description: `connector ${name}'s task to run with the new ${key}` },
  );
}
