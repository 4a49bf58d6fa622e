// The whole read side for end-to-end tests: an isolated in-process projector (isolatedProjector.ts), a progress
// tracker for it, the command API and the query API reading that projector's aliases and progress documents.
import { waitFor } from '../lib/waitFor.js';
import { connectRestFrom } from '../connectors/rest.js';
import { projectionNames } from '../model/registry.js';
import { createProgressTrackerFor } from '../projector/operations.js';
import type { ProgressTracker } from '../projector/operations.js';
import { startCommandApp, type CommandClient } from './commandApp.js';
import { startIsolatedProjector, type IsolatedProjector } from './isolatedProjector.js';
import { startQueryApp, type QueryClient } from './queryApp.js';

export interface QueryPipeline {
  harness: IsolatedProjector;
  tracker: ProgressTracker;
  commands: CommandClient;
  queries: QueryClient;
  close(): Promise<void>;
}

export async function startQueryPipeline(timeoutMs = 170_000): Promise<QueryPipeline> {
  const harness = await startIsolatedProjector({ label: 'q', start: false });
  // Wired as projector/main.ts wires it: publishing waits for the projector's own next refresh.
  const { refreshed } = await harness.start();
  const tracker = createProgressTrackerFor({ settings: harness.settings, connect: connectRestFrom(process.env), ...(refreshed ? { refreshed } : {}) });
  tracker.start();
  const commands = await startCommandApp();
  const queries = await startQueryApp(`${harness.tag}-`);
  // Wait until the tracker has published a first cycle for every projection.
  await waitFor(async () => (await Promise.all(projectionNames.map((p) => queries.store.progress(p)))).every(Boolean), {
    timeoutMs,
    intervalMs: 500,
    description: 'progress published for every projection',
  });
  return {
    harness, tracker, commands, queries,
    async close() {
      await queries.close();
      await commands.close();
      await tracker.stop();
      await harness.close();
    },
  };
}
