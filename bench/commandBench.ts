// Command throughput: place-order through HTTP at fixed concurrency, next to the very same transaction run
// directly through the Postgres runner (no HTTP, no JSON, no auth): the ceiling the HTTP figure should approach.
// Both parts are warmed up first (JIT, pooled connections) and then measured in alternating rounds. Every order
// placed also flows through the running pipeline (Connect, Kafka, projector, Elasticsearch share the two cores),
// and the faster part leaves a bigger backlog behind it: before each part the bench waits until the projector has
// consumed everything, so neither part pays for the other's orders. Besides the rate, the command API's own CPU
// per command (from /proc) is reported: the overhead of HTTP, JSON, auth and validation, independent of what else
// runs on the machine.
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import Table from 'cli-table3';
import { createLogger } from '../lib/logger.js';
import { createCommandRunner } from '../api/command/adapters/postgres/commandRunner.js';
import { createOrderCommands } from '../api/command/orders/handlers.js';
import { placeOrder } from '../api/command/orders/schemas.js';
import { loadProjectorConfig, settingsFrom } from '../projector/operations.js';
import { createPipelineProbe } from '../testkit/pipelineProbe.js';
import { writerConfig } from '../testkit/pg.js';
import { drain } from './store/observe.js';
import { seedCatalogue } from './catalogue.js';
import { startCommandApi } from '../testkit/apiProcesses.js';
import { processCpuMs } from './measure/processCpu.js';
import { figures, loadClient, round2, sample, type Figures, type HttpClientKind, type Sample } from './measure/load.js';

export interface CommandBenchOptions {
  pg: pg.PoolConfig;
  concurrency?: number;
  /** Per part; the run also stops after maxRequests per part. */
  durationMs?: number;
  maxRequests?: number;
  products?: number;
  poolSize?: number;
  print?: boolean;
  /** Extra environment for the command API process (PG_* of the writer are derived from `pg`). */
  env?: Record<string, string>;
  /** HTTP client of the load generator: node:http with keep-alive (default) or fetch(). */
  client?: HttpClientKind;
  /** Each part runs this long, unmeasured, before the first round. */
  warmupMs?: number;
  /** Alternating measured rounds (HTTP, then direct); figures and ratio are reported per round and overall. */
  rounds?: number;
}

export interface CommandBenchResult {
  /** Over all rounds. */
  http: Figures;
  direct: Figures;
  concurrency: number;
  client: HttpClientKind;
  rounds: { http: Figures; direct: Figures; ratio: number }[];
  /** The direct part once more without the outbox (no events): what the outbox costs per command. */
  withoutOutbox: Figures;
  /** CPU used per command: by the command API process (HTTP part) and by the bench process running the same transaction (direct part). */
  cpuPerCommandMs: { api: number; direct: number };
}

export async function runCommandBench(opts: CommandBenchOptions): Promise<CommandBenchResult> {
  const { concurrency = 32, durationMs = 15_000, maxRequests = 200_000, products = 200, poolSize = 20, client = 'http', warmupMs = 2_000, rounds = 1 } = opts;
  const pool = new pg.Pool({ ...opts.pg, max: poolSize });
  const logger = createLogger('bench', 'silent');
  const key = `bench-${randomUUID()}`;
  const load = loadClient(client, concurrency);
  // The stack's own projector, watched through Kafka: its backlog is drained before each part.
  const probe = await createPipelineProbe(settingsFrom(loadProjectorConfig(process.env)));
  // A backlog that never drains is an error, not a wait to sit out: without the stack's projector (start it with
  // `npm start` or `sluice up --apps`) nothing drains, and the parts would be measured against a growing backlog.
  const quiet = async () => {
    if ((await drain(probe, 300_000)) === null) throw new Error('the projector backlog did not drain within 300 s: is the stack\'s projector running (npm start)?');
  };
  let child: ChildProcess | undefined;
  try {
    const api = await startCommandApi(opts.pg, key, { poolSize, ...(opts.env ? { env: opts.env } : {}) });
    child = api.child;
    const apiPid = child.pid as number;
    const url = `${api.url}/commands/place-order`;
    const { customerId, productIds } = await seedCatalogue(pool, products);
    const order = () => {
      const first = Math.floor(Math.random() * (productIds.length - 1));
      return { customerId, lines: [{ productId: productIds[first] as string, quantity: 1 }, { productId: productIds[first + 1] as string, quantity: 1 }] };
    };
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const viaHttp = async () => (await load.request(url, 'POST', headers, JSON.stringify(order()))).status === 201;
    const runner = createCommandRunner({ pool, logger });
    const definition = createOrderCommands({ newId: randomUUID }).find((c) => c.name === 'place-order');
    if (!definition) throw new Error('place-order is not defined');
    const direct = async () => (await runner.run(definition, placeOrder.parse(order()))).status === 201;
    const bare = createCommandRunner({ pool, logger, outbox: false });
    const withoutOutbox = async () => (await bare.run(definition, placeOrder.parse(order()))).status === 201;
    if (warmupMs > 0) {
      await sample(viaHttp, concurrency, warmupMs, maxRequests);
      await sample(direct, concurrency, warmupMs, maxRequests);
    }
    const httpSamples: Sample[] = [];
    const directSamples: Sample[] = [];
    const bareSamples: Sample[] = [];
    let apiCpuMs = 0;
    let directCpuMs = 0;
    for (let r = 0; r < rounds; r++) {
      await quiet();
      const apiBefore = processCpuMs(apiPid);
      httpSamples.push(await sample(viaHttp, concurrency, durationMs, maxRequests));
      apiCpuMs += processCpuMs(apiPid) - apiBefore;
      await quiet();
      const selfBefore = process.cpuUsage();
      directSamples.push(await sample(direct, concurrency, durationMs, maxRequests));
      const used = process.cpuUsage(selfBefore);
      directCpuMs += (used.user + used.system) / 1000;
      await quiet();
      bareSamples.push(await sample(withoutOutbox, concurrency, durationMs, maxRequests));
    }
    api.stop();
    const perRound = httpSamples.map((h, i) => {
      const [hf, df] = [figures([h]), figures([directSamples[i] as Sample])];
      return { http: hf, direct: df, ratio: round2(hf.perSecond / df.perSecond) };
    });
    const [httpFigures, directFigures] = [figures(httpSamples), figures(directSamples)];
    const result: CommandBenchResult = {
      http: httpFigures, direct: directFigures, concurrency, client, rounds: perRound, withoutOutbox: figures(bareSamples),
      cpuPerCommandMs: { api: round2(apiCpuMs / httpFigures.requests), direct: round2(directCpuMs / directFigures.requests) },
    };
    if (opts.print !== false) printResult(result);
    return result;
  } finally {
    if (child && child.exitCode === null) child.kill('SIGTERM');
    load.close();
    await probe.close();
    await pool.end();
  }
}

function printResult({ http, direct, concurrency, client, rounds, cpuPerCommandMs }: CommandBenchResult): void {
  const table = new Table({ head: [`place-order (concurrency ${concurrency})`, 'requests', 'errors', 'commands/s', 'p50 ms', 'p99 ms'] });
  const rows: [string, Figures][] = [];
  rounds.forEach((r, i) => {
    if (rounds.length > 1) rows.push([`round ${i + 1}: HTTP (command API)`, r.http], [`round ${i + 1}: direct SQL (same transaction)`, r.direct]);
  });
  rows.push([`HTTP (command API, ${client} client)`, http], ['direct SQL (same transaction)', direct]);
  for (const [label, f] of rows) table.push([label, f.requests, f.errors, f.perSecond, f.p50Ms, f.p99Ms]);
  console.log(table.toString());
  const ratios = rounds.map((r) => r.ratio);
  console.log(`HTTP / direct: ${round2(http.perSecond / direct.perSecond)}${rounds.length > 1 ? ` (rounds: ${ratios.join(', ')})` : ''}`);
  console.log(`CPU per command: command API process ${cpuPerCommandMs.api} ms, direct runner ${cpuPerCommandMs.direct} ms`);
}

if (process.argv[1]?.endsWith('commandBench.ts')) {
  const env = process.env;
  runCommandBench({
    pg: writerConfig(),
    durationMs: Number(env['BENCH_DURATION_MS'] ?? 15_000),
    concurrency: Number(env['BENCH_CONCURRENCY'] ?? 32),
    client: env['BENCH_HTTP_CLIENT'] === 'fetch' ? 'fetch' : 'http',
    rounds: Number(env['BENCH_ROUNDS'] ?? 1),
  }).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
