// `sluice rebuild | verify | reproject | replay <projection>`: the projection lifecycle (docs/design.md decision 8).
// Rebuild and verify take every registered read model; an event-built one is handed to eventBuiltCommands.ts.
// Settings come from the projector's own configuration (PG_*, ES_URL, KAFKA_BROKERS, PROJECTOR_*); Elasticsearch is
// reached as the rebuild user (ES_REBUILD_USER / ES_REBUILD_PASSWORD), which may create and drop index versions.
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { RebuildInterrupted, createLifecycleContext, lifecycleSettingsFrom, loadProjectorConfig, parseReplayFrom, parseRoot, rebuildProjection, replayProjection, replicaIdentities, reproject, rootsTouchedBy, settingsFrom, verifyProjection, differences } from '../projector/operations.js';
import type { LifecycleContext } from '../projector/operations.js';
import { beforeImageStatus, tablesRead } from '../model/projections/beforeImages.js';
import { describeProjection } from '../model/projections/describe.js';
import { isEventBuilt, projectionByName, readModelByName, readModelNames } from '../model/registry.js';
import { runEventRebuild, runEventVerify } from './eventBuiltCommands.js';
import { describePlans, printPlans } from './planDescribe.js';
import { printVerify, say, verifyProgress } from './verifyOutput.js';


async function withContext<T>(run: (ctx: LifecycleContext, config: ReturnType<typeof loadProjectorConfig>) => Promise<T>): Promise<T> {
  const config = loadProjectorConfig(process.env);
  const ctx = createLifecycleContext(lifecycleSettingsFrom(config, process.env), (message) => say(`warning: ${message}`));
  try {
    return await run(ctx, config);
  } finally {
    await ctx.close();
  }
}

/** A progress bar with rate and ETA; the rebuild-halfway fault kills the process once half is loaded (tests). */
function progressBar(fault: string): { update: (done: number, total: number) => void; stop: () => void } {
  const bar = new SingleBar({ format: '  {bar} {percentage}% | {value}/{total} docs | {rate} docs/s | ETA {eta_formatted}', hideCursor: true });
  const began = Date.now();
  let started = false;
  return {
    update(done, total) {
      if (!started) bar.start(total, 0, { rate: 0 });
      started = true;
      bar.update(done, { rate: Math.round(done / Math.max(0.001, (Date.now() - began) / 1000)) });
      if (fault === 'rebuild-halfway' && done * 2 >= total) process.kill(process.pid, 'SIGKILL');
    },
    stop: () => (started ? bar.stop() : undefined),
  };
}

/** `--version <n>` as a number; anything else is for the version rule to refuse (indexVersions.ts). */
const requestedVersion = (raw: string | undefined): number | undefined => (raw === undefined ? undefined : /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN);

async function runRebuild(name: string, opts: { dropOld?: boolean; keep?: string; chunkSize?: string; concurrency?: string; version?: string; keepAlias?: boolean }): Promise<void> {
  const model = readModelByName(name);
  if (isEventBuilt(model)) return runEventRebuild(model, opts);
  const projection = projectionByName(name);
  const version = requestedVersion(opts.version);
  await withContext(async (ctx, config) => {
    const abort = new AbortController();
    const interrupt = () => abort.abort();
    process.once('SIGINT', interrupt).once('SIGTERM', interrupt);
    const bar = progressBar(config.SLUICE_FAULT);
    let building: { target: string; live: string | undefined } | undefined;
    try {
      const report = await rebuildProjection({
        projection, pg: ctx.pg, es: ctx.es, indexPrefix: config.PROJECTOR_INDEX_PREFIX, signal: abort.signal,
        ...(version !== undefined ? { version } : {}),
        keep: opts.dropOld ? 0 : Number(opts.keep ?? config.PROJECTOR_KEEP_VERSIONS),
        // An empty previous version is dropped after the swap unless --keep asks for old versions explicitly.
        keepEmpty: opts.keep !== undefined && !opts.dropOld,
        ...(opts.chunkSize ? { chunkSize: Number(opts.chunkSize) } : {}),
        ...(opts.concurrency ? { concurrency: Number(opts.concurrency) } : {}),
        onStep: (line) => (bar.stop(), say(line)),
        onProgress: bar.update,
        onTarget: (target, live) => void (building = { target, live }),
      });
      say(`rebuilt ${report.projection}: ${report.from ?? '(none)'} -> ${report.to}, ${report.load.written} docs in ${report.loadSeconds.toFixed(1)} s (${Math.round(report.docsPerSecond)} docs/s)`);
      const dropped = report.retired.map((i) => (report.retiredEmpty.includes(i) ? `${i} (empty; --keep <n> keeps empty versions too)` : i));
      if (dropped.length > 0) say(`dropped old ${dropped.join(', ')}`);
      if (report.from && !report.retired.includes(report.from)) say(`kept the old version ${report.from} (--drop-old removes it)`);
    } catch (error) {
      bar.stop();
      if (!(error instanceof RebuildInterrupted) || !building) throw error;
      say(`rebuild interrupted: alias ${name} still points at ${building.live ?? '(nothing)'}, untouched; the half-built ${building.target} was deleted`);
      say(`run \`sluice rebuild ${name}${opts.version !== undefined ? ` --version ${opts.version}` : ''}\` again to start over`);
      process.exitCode = 130;
    } finally {
      process.off('SIGINT', interrupt).off('SIGTERM', interrupt);
    }
  });
}

async function runDescribe(name: string, opts: { json?: boolean; plans?: boolean }): Promise<void> {
  const projection = projectionByName(name);
  await withContext(async (ctx) => {
    const images = await replicaIdentities(ctx.pg, [...tablesRead([projection]).keys()]).then(
      (found) => beforeImageStatus([projection], found),
      (error: unknown) => (say(`warning: Postgres not reachable, before images unknown (${error instanceof Error ? error.message : String(error)})`), null),
    );
    const rows = describeProjection(projection, images);
    const plans = opts.plans === false ? null : await describePlans(ctx.pg, projection);
    if (opts.json) return void console.log(JSON.stringify({ projection: projection.name, version: projection.version, dependencies: rows, plans }, null, 2));
    console.log(`${projection.name} (v${projection.version}), root ${projection.root.table}.${projection.root.key}; creates, deletes and key changes always route`);
    for (const r of rows) {
      console.log(`\n${r.table}  via ${r.path}`);
      console.log(`  columns     ${r.columns.join(', ')}`);
      console.log(`  before      ${r.beforeImages === null ? 'unknown' : r.beforeImages ? 'yes (REPLICA IDENTITY FULL)' : 'NO'}`);
      console.log(`  on update   ${r.onUpdate}`);
      if (r.fanOutSql) console.log(`  fan-out     ${r.fanOutSql}`);
    }
    if (plans) printPlans(plans, (line) => console.log(line));
  });
}

export function registerProjectionCommands(program: Command): void {
  program
    .command('projection')
    .description('inspect a projection')
    .command('describe')
    .description('per table it reads: the columns whose change re-renders documents, before images, the fan-out SQL; per hop its plan and buffers for the smallest and largest root, and the indexes the hops need')
    .argument('<projection>')
    .option('--json', 'machine-readable')
    .option('--no-plans', 'skip the hydration plans (they EXPLAIN ANALYZE the smallest and largest document)')
    .action(runDescribe);
  program
    .command('rebuild')
    .description(
      'build <projection>_v<V> from one Postgres snapshot while the stream keeps writing, verify it, swap the alias; ' +
        'V = the version declared in code (refused if that index exists: bump `version` after a mapping change); an empty previous version is dropped unless --keep',
    )
    .argument('<projection>', readModelNames.join(', '))
    .option('--version <n>', 'build <projection>_v<n> from the same declaration instead (a data repair); n must be above every existing version')
    .option('--drop-old', 'delete the previous version after the swap')
    .option('--keep <n>', 'old versions to keep after the swap, empty ones included (default PROJECTOR_KEEP_VERSIONS, empty ones dropped)')
    .option('--chunk-size <n>', 'documents per snapshot chunk and bulk request', '1000')
    .option('--concurrency <n>', 'bulk requests in flight', '3')
    .option('--keep-alias', 'event-built only: build the new version and leave the alias where it is (to compare the two)')
    .action(runRebuild);
  program
    .command('verify')
    .description('compare every document behind the alias with Postgres (an event-built one: with its topics folded again): missing, extra, stale')
    .argument('<projection>', readModelNames.join(', '))
    .option('--repair', 'rewrite the differing documents (versioned: never overwrites anything newer); table-built only')
    .action(async (name: string, opts: { repair?: boolean }) => {
      const model = readModelByName(name);
      if (isEventBuilt(model)) {
        if (opts.repair) throw new Error(`${name} is event-built: repair it with \`sluice rebuild ${name}\` (folds its topics into a new version)`);
        const report = await runEventVerify(model);
        printVerify(report);
        if (report.malformed > 0) say(`  ${report.malformed} event(s) could not be decoded (dead-lettered by the live stage)`);
        if (differences(report) > 0) process.exitCode = 2;
        return;
      }
      await withContext(async (ctx, config) => {
        const report = await verifyProjection({ projection: projectionByName(name), pg: ctx.pg, es: ctx.es, indexPrefix: config.PROJECTOR_INDEX_PREFIX, repair: opts.repair ?? false, onProgress: verifyProgress() });
        printVerify(report);
        if (!opts.repair && differences(report) > 0) process.exitCode = 2;
      });
    });
  program
    .command('reproject')
    .description('re-hydrate chosen documents now: by root id, or every document that shows one row (--root customers:<id>)')
    .argument('<projection>')
    .option('--id <id...>', 'root ids')
    .option('--root <table:id...>', 'every document touched by this row')
    .action((name: string, opts: { id?: string[]; root?: string[] }) =>
      withContext(async (ctx) => {
        const projection = projectionByName(name);
        const roots = (opts.root ?? []).map(parseRoot);
        if (!opts.id?.length && roots.length === 0) throw new Error('reproject needs --id <id...> or --root <table>:<id>');
        const ids = [...(opts.id ?? [])];
        for (const r of roots) ids.push(...(await rootsTouchedBy(ctx.pg, projection, r.table, r.id)));
        const count = await reproject(ctx.hydrator, projection, ids, 500, ctx.pg);
        say(`re-projected ${count} ${name} document(s)${ctx.rejected.length ? `; ${ctx.rejected.length} rejected: ${ctx.rejected[0]?.detail}` : ''}`);
        if (ctx.rejected.length > 0) process.exitCode = 2;
      }),
    );
  program
    .command('replay')
    .description("move the projection's hydrate consumer group back (the projector must be stopped); idempotent")
    .argument('<projection>')
    .option('--from-beginning', 'replay every retained dirty mark')
    .option('--to-time <iso>', 'replay dirty marks from this time on')
    .action((name: string, opts: { fromBeginning?: boolean; toTime?: string }) =>
      withContext(async (ctx) => {
        const s = settingsFrom(loadProjectorConfig(process.env));
        const report = await replayProjection({ kafka: ctx.kafka, projection: projectionByName(name), dirtyPrefix: s.dirtyPrefix, groupPrefix: s.groupPrefix, from: parseReplayFrom(opts) });
        say(`group ${report.groupId} on ${report.topic}: ${report.partitions.map((p) => `p${p.partition}@${p.offset}`).join(' ')}; start the projector to replay`);
      }),
    );
}
