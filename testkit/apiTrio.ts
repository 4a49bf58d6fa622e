// The three HTTP APIs in-process against the running stack, for tests that exercise them from outside (the
// Schemathesis suite): the command and query APIs over an isolated projector with its progress tracker
// (queryPipeline.ts), so that writes become readable documents, and the operations service (opsHarness.ts).
import { ensureEventIndex } from '../model/adapters/elasticsearch/eventDocStore.js';
import { ORDER_TIMELINE } from '../model/projections/timeline/timeline.js';
import { startOpsHarness, type OpsHarness } from './opsHarness.js';
import { startQueryPipeline, type QueryPipeline } from './queryPipeline.js';

export interface ApiTrio {
  pipeline: QueryPipeline;
  ops: OpsHarness;
  urls: { command: string; query: string; ops: string };
  close(): Promise<void>;
}

export async function startApiTrio(): Promise<ApiTrio> {
  const pipeline = await startQueryPipeline();
  // The isolated projector runs without the timeline stage (a replay of every order event); the empty index
  // still lets /order-timelines answer as it does in production, instead of 503 for a missing index.
  await ensureEventIndex(pipeline.harness.es, ORDER_TIMELINE, pipeline.harness.settings.indexPrefix);
  const ops = await startOpsHarness().catch(async (error: unknown) => {
    await pipeline.close();
    throw error;
  });
  return {
    pipeline, ops,
    urls: { command: pipeline.commands.url, query: pipeline.queries.url, ops: ops.url },
    async close() {
      await ops.close();
      await pipeline.close();
    },
  };
}
