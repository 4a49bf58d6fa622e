// `sluice apply`: brings a running system to what the code declares, in order: pending migrations, the
// publication's table list, the table-change connector's table list (its secrets reference kept as it is), a
// backfill of every newly captured table by an incremental snapshot, and restarts of the Sluice processes that read
// the registry at start-up. Each step is printed as it happens; with nothing new, nothing changes and it says so.
import { randomUUID } from 'node:crypto';
import { connectorSettings, derivedSettings } from '../../connectors/register.js';
import { connectRestFrom } from '../../connectors/rest.js';
import { adminSaslFrom } from '../../lib/kafkaSasl.js';
import { managesElasticsearch, syncElasticsearchSecurity } from '../../infra/native/components/elasticsearch.js';
import { createContext } from '../../infra/native/index.js';
import { migrate, migrateOptionsFromEnv } from '../../infra/postgres/migrate.js';
import { connectorNotificationTopic, readAlias, SIGNAL_TABLE, TABLE_CONNECTOR, TABLE_PUBLICATION } from '../../lib/names.js';
import { capturedTables, capturedTableNames } from '../../model/registry.js';
import { qualifiedTable, sluiceTables } from '../../model/projections/captured.js';
import { projections } from '../../model/registry.js';
import { createEsClient } from '../../model/adapters/elasticsearch/client.js';
import { loadProjectorConfig, rebuildAccessFrom } from '../../projector/operations.js';
import { connectorConfigOf, putConnectorConfig, waitTaskRunsWith } from './connect.js';
import { ensureChangeTopics } from './topics.js';
import { collectionsOf, openNotificationWatch, type NotificationWatch } from './notifications.js';
import { INCLUDE_LIST, nothingToDo, planApply, RESTART_ORDER, snapshotSignal, type AppName, type ApplyPlan } from './plan.js';
import { connectApplyPostgres, type ApplyPostgres } from './postgres.js';
import { createDerivedIndexes } from './indexes.js';
import { restartApps } from './restarts.js';

export interface ApplyOptions {
  env: Record<string, string | undefined>;
  say: (line: string) => void;
  /** Restart the Sluice processes the native launcher runs (default); off: print the order instead. */
  restart: boolean;
  /** How long one table's backfill may take. */
  snapshotTimeoutMs: number;
  /** Test-only: skip the backfill step, to show what a system without it misses. */
  skipBackfill?: boolean;
}

const STARTED_WITHIN_MS = 20_000;
const SIGNAL_ATTEMPTS = 3;

/** As the rebuild user (it reads every projection's aliases), through the same client as the lifecycle commands. */
async function missingAliases(env: Record<string, string | undefined>): Promise<string[]> {
  const config = loadProjectorConfig(env);
  const es = createEsClient(rebuildAccessFrom(config, env));
  try {
    const missing: string[] = [];
    for (const p of projections) {
      const name = readAlias(p.name, config.PROJECTOR_INDEX_PREFIX);
      const found = await es.indices.existsAlias({ name }).catch((error: unknown) => {
        const status = (error as { meta?: { statusCode?: number } }).meta?.statusCode ?? 'no answer';
        throw new Error(`Elasticsearch answered ${status} for the alias ${name} (as ${config.ES_URL}'s rebuild user)`, { cause: error });
      });
      if (!found) missing.push(p.name);
    }
    return missing;
  } finally {
    await es.close();
  }
}

/**
 * One table's backfill. The signal is retried when Debezium does not acknowledge it (no STARTED notification): a
 * signal read by the task that ran before the configuration change does not know the table and is dropped, and a
 * second snapshot of the same rows is harmless (the projector's writes are idempotent).
 */
async function backfill(pg: ApplyPostgres, watch: NotificationWatch, table: string, o: ApplyOptions): Promise<void> {
  const collection = qualifiedTable(table);
  const about = (type: string) => (n: { aggregateType: string; type: string }) => n.type === type && /snapshot/i.test(n.aggregateType);
  for (let attempt = 1; ; attempt++) {
    const signal = snapshotSignal(`apply-${randomUUID()}`, table);
    await pg.insertSignal(signal, SIGNAL_TABLE);
    o.say(`  ${table}: execute-snapshot signal ${signal.id} inserted`);
    try {
      await watch.next((n) => about('STARTED')(n) && collectionsOf(n).includes(collection), STARTED_WITHIN_MS, `that the snapshot of ${collection} started`);
      break;
    } catch (error) {
      if (attempt >= SIGNAL_ATTEMPTS) throw error;
      o.say(`  ${table}: not acknowledged within ${STARTED_WITHIN_MS / 1000} s, signalling again`);
    }
  }
  o.say(`  ${table}: snapshot started`);
  const done = await watch.next((n) => about('TABLE_SCAN_COMPLETED')(n) && collectionsOf(n).includes(collection), o.snapshotTimeoutMs, `that the scan of ${collection} completed`);
  const outcome = done.additional['status'] ?? 'SUCCEEDED';
  if (!['SUCCEEDED', 'EMPTY'].includes(outcome)) throw new Error(`the snapshot of ${collection} ended ${outcome}`);
  o.say(`  ${table}: scan complete (${done.additional['total_rows_scanned'] ?? '?'} row(s), ${outcome})`);
}

function describe(plan: ApplyPlan, say: (line: string) => void): void {
  if (plan.publication) say(`publication ${TABLE_PUBLICATION}: + ${plan.publication.added.join(', ') || '-'}; - ${plan.publication.dropped.join(', ') || '-'}`);
  if (plan.connector) say(`connector ${TABLE_CONNECTOR}: ${plan.connector.changed.join(', ')} change`);
  if (plan.backfill.length) say(`backfill: ${plan.backfill.join(', ')}`);
}

/** Under the native launcher, its Elasticsearch roles follow the registry: a new projection's names are granted before
 * anything reads or creates them. Elsewhere the roles are the deployment's to change. */
async function grantProjections(o: ApplyOptions): Promise<void> {
  let ctx: ReturnType<typeof createContext>;
  try {
    ctx = createContext(o.env, o.say);
  } catch {
    return;
  }
  if (managesElasticsearch(ctx)) await syncElasticsearchSecurity(ctx);
}

export interface ApplyResult {
  changed: boolean;
  /** The restarts that were needed and not done: the command fails while any is left. */
  undone: AppName[];
}

export async function runApply(o: ApplyOptions): Promise<ApplyResult> {
  const env = o.env;
  await grantProjections(o);
  const migrateOptions = migrateOptionsFromEnv(env);
  o.say('1. migrations, and the indexes the projections need (CONCURRENTLY, before and after them: indexes.ts)');
  const indexed = await createDerivedIndexes(migrateOptions.adminUrl, o.say);
  const applied = await migrate(migrateOptions);
  o.say(applied.length ? `   applied ${applied.join(', ')}` : '   schema up to date');
  indexed.push(...(await createDerivedIndexes(migrateOptions.adminUrl, o.say)));

  const connect = connectRestFrom(env);
  const pg = await connectApplyPostgres(migrateOptions.adminUrl);
  try {
    const readers = [env['PG_DEBEZIUM_USER'] ?? 'sluice_debezium', env['PG_PROJECTOR_USER'] ?? 'sluice_projector'];
    const projectionTables = capturedTableNames.filter((t) => !Object.hasOwn(sluiceTables, t));
    const plan = planApply({
      desired: capturedTableNames,
      own: Object.keys(sluiceTables),
      existing: await pg.existingTables(),
      publication: await pg.publicationTables(TABLE_PUBLICATION),
      connector: await connectorConfigOf(connect, TABLE_CONNECTOR),
      settings: { ...connectorSettings(TABLE_CONNECTOR), ...derivedSettings(TABLE_CONNECTOR) },
      missingAliases: await missingAliases(env),
      missingGrants: await pg.missingGrants(projectionTables, readers),
    });
    describe(plan, o.say);

    o.say('2. publication and grants');
    for (const g of plan.grants) {
      await pg.grantSelect(g.table, g.roles);
      o.say(`   granted SELECT on ${g.table} to ${g.roles.join(', ')}`);
    }
    if (plan.publication) {
      await pg.setPublication(TABLE_PUBLICATION, plan.publication.tables);
      o.say(`   ${TABLE_PUBLICATION} now publishes ${plan.publication.tables.join(', ')}`);
    } else o.say(`   ${TABLE_PUBLICATION} already publishes every captured table`);

    o.say('3. connector');
    // Opened before the connector changes, so no notification of this run is missed.
    const watch = plan.backfill.length > 0 && !o.skipBackfill ? await openNotificationWatch((env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), adminSaslFrom(env), connectorNotificationTopic(plan.connector?.config['topic.prefix'])) : undefined;
    try {
      if (plan.connector) {
        await putConnectorConfig(connect, TABLE_CONNECTOR, plan.connector.config);
        await waitTaskRunsWith(connect, TABLE_CONNECTOR, INCLUDE_LIST, plan.connector.config[INCLUDE_LIST] ?? '');
        o.say(`   ${TABLE_CONNECTOR} runs with ${INCLUDE_LIST}=${plan.connector.config[INCLUDE_LIST]}`);
      } else o.say(`   ${TABLE_CONNECTOR} already captures every table`);

      o.say('4. backfill');
      if (plan.backfill.length === 0) o.say('   no newly captured table');
      else if (o.skipBackfill || !watch) o.say(`   skipped (asked to): ${plan.backfill.join(', ')} keep only changes from now on`);
      else for (const table of plan.backfill) await backfill(pg, watch, table, o);
    } finally {
      await watch?.close();
    }

    o.say('5. restarts');
    if (plan.restart.length > 0) await ensureChangeTopics(env, capturedTableNames);
    const undone = plan.restart.length === 0 ? [] : await restartApps(plan.restart.filter((n) => RESTART_ORDER.includes(n)), o);
    if (plan.restart.length === 0) o.say('   none needed');

    const changed = !nothingToDo(plan) || applied.length > 0 || indexed.length > 0;
    if (undone.length > 0) o.say(`NOT applied: ${undone.length} restart(s) left undone (${undone.join(', ')})`);
    else o.say(changed ? 'applied' : `nothing to apply: ${Object.keys(capturedTables).length} table(s) captured as declared`);
    return { changed, undone };
  } finally {
    await pg.close();
  }
}
