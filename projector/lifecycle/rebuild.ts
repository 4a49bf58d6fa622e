// `sluice rebuild <projection>`: fills `<name>_v<declared>` (or `--version n`, a repair; indexVersions.ts) from one
// Postgres snapshot while the live stream keeps writing, verifies it and swaps the read alias atomically. The order of steps is the no-gap argument
// (docs/rebuild.md): the rebuild alias is in place BEFORE the snapshot is taken, and live rounds resolve their
// targets AFTER taking theirs, so a change the snapshot missed is written to the new index by the stream.
import { createSummaryStore } from '../adapters/postgres/summaries.js';
import type { EsClient } from '../../model/adapters/elasticsearch/client.js';
import { recordRebuild } from '../../model/adapters/elasticsearch/capacityStore.js';
import { createDocumentStore } from '../adapters/elasticsearch/documentStore.js';
import type { Projection } from '../../model/projections/declaration.js';
import type { SqlPool } from '../ports.js';
import { differing } from '../verify/report.js';
import { verifyProjection, type VerifyReport } from '../verify/verifyProjection.js';
import { loadSnapshot, RebuildInterrupted, type LoadResult } from './loadSnapshot.js';
import { abandonTarget, prepareTarget, restoreSettings, retireOld, swapAlias } from './rebuildIndex.js';
import { openSnapshot } from './snapshotStream.js';
import { capacityIndex, indexNames } from '../../lib/names.js';

export interface RebuildOptions {
  projection: Projection;
  pg: SqlPool;
  es: EsClient;
  indexPrefix?: string;
  /**
   * The version to build instead of the declared one (`--version n`): a repair that rebuilds the same declaration
   * into a new index. It must be above every existing version; by default the declared version is built, and a
   * rebuild whose declared version exists is refused (RebuildRefused, indexVersions.ts).
   */
  version?: number;
  /** Old versions kept after the swap (0 = --drop-old). */
  keep?: number;
  /** Keep empty old versions too, counting them in `keep` (an explicit --keep); by default an empty one is dropped. */
  keepEmpty?: boolean;
  chunkSize?: number;
  concurrency?: number;
  /** How long differing ids may take to converge (the live stream catching up) before the swap is refused. */
  verifyTimeoutMs?: number;
  signal?: AbortSignal;
  onStep?: (message: string) => void;
  onProgress?: (done: number, total: number) => void;
  /** Called once the load has started, with the index being built: the CLI uses it to explain an interruption. */
  onTarget?: (target: string, live: string | undefined) => void;
}

export interface RebuildReport {
  projection: string;
  from: string | undefined;
  to: string;
  snapshotVersion: number;
  load: LoadResult;
  verify: VerifyReport;
  retired: string[];
  /** Those of `retired` that held no document (dropped whatever `keep` says, unless keepEmpty). */
  retiredEmpty: string[];
  seconds: number;
  /** Snapshot read, hydration and bulk load only: the figure the bench compares with raw bulk throughput. */
  loadSeconds: number;
  docsPerSecond: number;
}

export class RebuildFailed extends Error {
  constructor(message: string, readonly report?: VerifyReport) {
    super(message);
    this.name = 'RebuildFailed';
  }
}

/** A full verify of the new index, its differences re-checked until the stream has caught up. */
const verifyTarget = (opts: RebuildOptions, index: string): Promise<VerifyReport> =>
  verifyProjection({ projection: opts.projection, pg: opts.pg, es: opts.es, index, settleMs: opts.verifyTimeoutMs ?? 60_000 });

export async function rebuildProjection(opts: RebuildOptions): Promise<RebuildReport> {
  const say = opts.onStep ?? (() => undefined);
  const names = indexNames(opts.projection, opts.indexPrefix);
  const began = Date.now();
  const target = await prepareTarget(opts.es, opts.projection, names, { version: opts.version });
  if (target.cleared.length > 0) say(`deleted half-built ${target.cleared.join(', ')} left by an interrupted rebuild; starting over`);
  const why = target.repair ? `--version ${target.version}: a repair, the declaration says ${target.declared}` : 'the version declared in code';
  say(`building ${target.target} (${why}; live: ${target.live ?? 'none'}); the live stream now also writes to it`);
  opts.onTarget?.(target.target, target.live);
  try {
    // The summary rows of incremental aggregates are rebuilt first, whole, so a rebuild also repairs any drift.
    const rebuilt = await createSummaryStore(opts.pg, [opts.projection]).build({ projection: opts.projection.name, force: true });
    if (rebuilt.length > 0) say(`rebuilt the summary rows of ${rebuilt.join(', ')}`);
    const loadBegan = Date.now();
    const snapshot = await openSnapshot(opts.pg, opts.projection, opts.chunkSize ?? 1000);
    let load: LoadResult;
    try {
      say(`snapshot version ${snapshot.version}: ${snapshot.total} ${opts.projection.name} to build`);
      load = await loadSnapshot({ store: createDocumentStore(opts.es), target: names.rebuildAlias, snapshot, ...pick(opts) });
    } finally {
      await snapshot.close();
    }
    const loadSeconds = (Date.now() - loadBegan) / 1000;
    if (load.rejected.length > 0) throw new RebuildFailed(`${load.rejected.length} documents rejected, e.g. ${load.rejected[0]?.id}: ${load.rejected[0]?.errorReason ?? ''}`);
    await restoreSettings(opts.es, target.target, target.live);
    say(`loaded ${load.written} documents (${load.conflicts} already newer from the stream); verifying ${target.target}`);
    const verify = await verifyTarget(opts, target.target);
    if (differing(verify).length > 0) throw new RebuildFailed(`verify of ${target.target}: ${verify.counts.missing} missing, ${verify.counts.extra} extra, ${verify.counts.stale} stale`, verify);
    if (opts.signal?.aborted) throw new RebuildInterrupted();
    await swapAlias(opts.es, names, target);
    say(`alias ${names.alias} now points at ${target.target}`);
    const { retired, empty: retiredEmpty } = await retireOld(opts.es, names, opts.keep ?? 1, opts.keepEmpty ?? false);
    const seconds = (Date.now() - began) / 1000;
    // The measured rate is what `sluice capacity` predicts the next rebuild from. The swap is done by now, so a
    // failure to record is a warning, not a failed rebuild.
    const measured = { projection: opts.projection.name, at: new Date().toISOString(), index: target.target, docs: snapshot.total, seconds, loadSeconds, docsPerSecond: snapshot.total / seconds };
    await recordRebuild(opts.es, capacityIndex(opts.indexPrefix), measured).catch((error: unknown) => say(`warning: the rebuild rate was not recorded: ${(error as Error).message}`));
    return { projection: opts.projection.name, from: target.live, to: target.target, snapshotVersion: snapshot.version, load, verify, retired, retiredEmpty, seconds, loadSeconds, docsPerSecond: snapshot.total / loadSeconds };
  } catch (error) {
    await abandonTarget(opts.es, names, target.target);
    throw error;
  }
}

const pick = (opts: RebuildOptions) => ({
  ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
  ...(opts.signal ? { signal: opts.signal } : {}),
  ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
});
