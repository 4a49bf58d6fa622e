// Connector and task states from the Kafka Connect REST API. A 404 means "not registered" (a clear state);
// anything else that is not a 200 or no answer at all is an error the collector reports as unreachable.
import type { ConnectorFigures } from '../../lag/sample.js';
import { connectFetch, type ConnectRest } from '../../../../connectors/rest.js';

interface StatusBody {
  connector?: { state?: string };
  tasks?: { id: number; state: string; trace?: string }[];
}

export function createConnectorProbe(connect: ConnectRest, name: string, timeoutMs = 3_000) {
  return async (): Promise<ConnectorFigures> => {
    let response: Response;
    try {
      response = await connectFetch(connect, `/connectors/${encodeURIComponent(name)}/status`, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new Error(`Kafka Connect unreachable at ${connect.url}: ${(error as Error).message}`, { cause: error });
    }
    if (response.status === 404) return { name, found: false, state: 'NOT_REGISTERED', tasks: [] };
    if (!response.ok) throw new Error(`Kafka Connect answered ${response.status} for ${name}`);
    const body = (await response.json()) as StatusBody;
    // Only the first line of a trace: the connector's own message, without a Java stack.
    const tasks = (body.tasks ?? []).map((t) => ({ id: t.id, state: t.state, ...(t.trace ? { trace: t.trace.split('\n')[0] ?? '' } : {}) }));
    return { name, found: true, state: body.connector?.state ?? 'UNKNOWN', tasks };
  };
}
