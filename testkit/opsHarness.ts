// The operations service in-process against the real stack, watching a real projector of its own (own groups,
// dirty topics, dead-letter topic and index prefix, starting from the current end of the CDC topics) whose
// metrics are served on an ephemeral port, exactly as `projector/main.ts` serves them.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadConfig } from '../lib/config.js';
import { createKeyring } from '../lib/keyring.js';
import { createLogger } from '../lib/logger.js';
import { waitFor } from '../lib/waitFor.js';
import { createOpsApp } from '../api/ops/app.js';
import { opsConfigSchema } from '../api/ops/config.js';
import type { Health, LagReport } from '../api/ops/lag/lagReport.js';
import { createOpsRuntime, type OpsRuntime } from '../api/ops/main.js';
import { createMetricsServer } from '../projector/operations.js';
import { TEST_KEYS } from './commandApp.js';
import { startIsolatedProjector, type IsolatedProjector } from './isolatedProjector.js';
import { opsAsAdmin } from './kafka.js';

export interface OpsHarness {
  url: string;
  key: string;
  /** The projector's own server (/health, /ready, /metrics), as projector/main.ts serves it. */
  projectorUrl: string;
  projector: IsolatedProjector;
  runtime: OpsRuntime;
  lag(): Promise<LagReport>;
  waitForStatus(statuses: readonly Health[], timeoutMs?: number): Promise<LagReport>;
  close(): Promise<void>;
}

const listen = async (server: Server): Promise<string> => {
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

export interface OpsHarnessOptions {
  /** Runs before the projector starts, on its names: what a test finds already there (an index of another mapping). */
  before?: (projector: IsolatedProjector) => Promise<void>;
}

export async function startOpsHarness(env: Record<string, string> = {}, opts: OpsHarnessOptions = {}): Promise<OpsHarness> {
  const projector = await startIsolatedProjector({ label: 'ops', start: false });
  await opts.before?.(projector).catch(async (error: unknown) => {
    await projector.close();
    throw error;
  });
  const metricsServer = createMetricsServer(await projector.start(), createKeyring(TEST_KEYS)).listen(0, '127.0.0.1');
  const metricsUrl = await listen(metricsServer);
  const config = loadConfig(opsConfigSchema, {
    ...process.env,
    ...opsAsAdmin(), // the isolated projector's groups are not the ones the ops principal may describe
    // Test instances watch the shared connector; only the stack's ops service may restart it.
    OPS_CONNECTOR_AUTO_RESTART: 'off',
    PROJECTOR_GROUP_PREFIX: projector.settings.groupPrefix,
    PROJECTOR_DIRTY_PREFIX: projector.settings.dirtyPrefix,
    PROJECTOR_DLQ_TOPIC: projector.settings.dlqTopic,
    PROJECTOR_INDEX_PREFIX: projector.settings.indexPrefix,
    PROJECTOR_METRICS_URL: `${metricsUrl}/metrics`,
    PROJECTOR_METRICS_KEY: 'test-ops',
    OPS_INTERVAL_MS: '1000',
    ...env,
  });
  const logger = createLogger('ops-test', process.env['OPS_TEST_LOG_LEVEL'] ?? 'silent');
  const runtime = createOpsRuntime(config, logger);
  runtime.monitor.start();
  const app = createOpsApp({ ...runtime, logger, apiKeys: TEST_KEYS, rateLimit: { windowMs: 60_000, limit: 1_000_000 }, ipRateLimit: { windowMs: 60_000, limit: 1_000_000 } });
  const server = app.listen(0, '127.0.0.1');
  const url = await listen(server);
  const lag = async (): Promise<LagReport> => {
    const response = await fetch(`${url}/ops/lag`, { headers: { authorization: 'Bearer test-ops' } });
    if (!response.ok) throw new Error(`/ops/lag answered ${response.status}`);
    return (await response.json()) as LagReport;
  };
  return {
    url, key: 'test-ops', projectorUrl: metricsUrl, projector, runtime, lag,
    waitForStatus: (statuses, timeoutMs = 120_000) =>
      waitFor(async () => {
        const report = await lag();
        return statuses.includes(report.status) ? report : undefined;
      }, { timeoutMs, intervalMs: 500, description: `ops status ${statuses.join(' or ')}` }),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await runtime.close();
      metricsServer.closeAllConnections();
      await new Promise((resolve) => metricsServer.close(resolve));
      await projector.close();
    },
  };
}
