// The oracle's checks of the pipeline around the stores: the dead-letter topic's end, the connector's state, and
// a wait that answers whether its condition came true in time instead of throwing.
import { connectRestFrom } from '../connectors/rest.js';
import { fetchStatus, isRunning } from '../connectors/register.js';
import { TABLE_CONNECTOR } from '../lib/names.js';
import { waitFor } from '../lib/waitFor.js';
import { testKafka } from '../testkit/kafka.js';

/** True once `condition` holds, false if it did not within `timeoutMs`. */
export const within = (
  condition: () => Promise<boolean>,
  timeoutMs: number,
  description: string,
): Promise<boolean> =>
  waitFor(condition, { timeoutMs, intervalMs: 250, description }).then(
    () => true,
    () => false,
  );

/** Records ever written to the dead-letter topic (0 while it does not exist). */
export async function dlqEnd(topic: string): Promise<number> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) return 0;
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

/** The table connector and every one of its tasks RUNNING, within `timeoutMs`. */
export function connectorRuns(env: Record<string, string | undefined>, timeoutMs: number): Promise<boolean> {
  const connect = connectRestFrom(env);
  return within(
    async () => {
      const status = await fetchStatus(connect, TABLE_CONNECTOR).catch(() => undefined);
      return status !== undefined && isRunning(status);
    },
    timeoutMs,
    'the connector runs',
  );
}
