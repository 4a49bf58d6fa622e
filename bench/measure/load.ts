// Load generation shared by the benchmarks: a cheap keep-alive HTTP client, closed-loop sampling at a fixed
// concurrency, an open-loop driver at a fixed rate, and the figures of a run.
//
// The load generator shares two cores with what it measures, so its own cost per request is charged to the
// system under test. node:http with a keep-alive agent costs the generator several times less per request than
// fetch() (undici), which is why it is the default (BENCH_HTTP_CLIENT=fetch measures with fetch).
import http from 'node:http';
import { percentile } from './stats.js';

export type HttpClientKind = 'http' | 'fetch';

export interface HttpReply {
  status: number;
  body: string;
}

export type Request = (url: string, method: string, headers: Record<string, string>, body?: string) => Promise<HttpReply>;

export function loadClient(kind: HttpClientKind, concurrency: number): { request: Request; close(): void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const viaHttp: Request = (url, method, headers, body) =>
    new Promise((resolve, reject) => {
      const sized = body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
      const req = http.request(url, { method, agent, headers: sized }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      req.end(body);
    });
  const viaFetch: Request = async (url, method, headers, body) => {
    const res = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
    return { status: res.status, body: await res.text() };
  };
  return { request: kind === 'fetch' ? viaFetch : viaHttp, close: () => agent.destroy() };
}

export interface Sample {
  latencies: number[];
  errors: number;
  seconds: number;
}

export interface Figures {
  requests: number;
  errors: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Runs `op` from `concurrency` loops (closed loop) until the deadline or the request budget is spent. */
export async function sample(op: (i: number) => Promise<boolean>, concurrency: number, durationMs: number, maxRequests = Infinity): Promise<Sample> {
  const latencies: number[] = [];
  let errors = 0;
  let started = 0;
  const t0 = performance.now();
  const deadline = t0 + durationMs;
  const loop = async () => {
    while (performance.now() < deadline && started < maxRequests) {
      const i = started++;
      const t = performance.now();
      const ok = await op(i).catch(() => false);
      latencies.push(performance.now() - t);
      if (!ok) errors++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return { latencies, errors, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Runs `op` at `perSecond` (open loop: a slow answer does not delay the next request) for `durationMs`. For
 * latency under a given load, where closed-loop sampling would measure how much the machine can take instead.
 */
export async function sampleAtRate(op: (i: number) => Promise<boolean>, perSecond: number, durationMs: number): Promise<Sample> {
  const latencies: number[] = [];
  let errors = 0;
  const inFlight = new Set<Promise<void>>();
  const t0 = performance.now();
  for (let i = 0; i < (perSecond * durationMs) / 1000; i++) {
    const wait = t0 + (i * 1000) / perSecond - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const t = performance.now();
    const one: Promise<void> = op(i)
      .catch(() => false)
      .then((ok) => {
        latencies.push(performance.now() - t);
        if (!ok) errors++;
      })
      .finally(() => inFlight.delete(one));
    inFlight.add(one);
  }
  await Promise.all(inFlight);
  return { latencies, errors, seconds: (performance.now() - t0) / 1000 };
}

export const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Figures of one or several samples: rates over the summed time, percentiles over all latencies. */
export function figures(samples: readonly Sample[]): Figures {
  const latencies = samples.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const errors = samples.reduce((n, s) => n + s.errors, 0);
  const seconds = samples.reduce((n, s) => n + s.seconds, 0);
  return { requests: latencies.length, errors, perSecond: round2((latencies.length - errors) / seconds), p50Ms: round2(percentile(latencies, 50)), p99Ms: round2(percentile(latencies, 99)) };
}

export interface Sent<T> {
  item: T;
  status: number;
  body: string;
  sentAt: number;
  answeredAt: number;
}

/**
 * Sends `next()` at `perSecond` (open loop: the schedule does not wait for answers, so a slow system sees the
 * queue a real client population would build) until `durationMs` has passed or `signal` aborts.
 */
export interface DriveOptions<T> {
  request: Request;
  /** The next request to send: what it is (kept with its answer), where, and its JSON body. */
  next: () => { item: T; url: string; body: string };
  headers: Record<string, string>;
  perSecond: number;
  durationMs: number;
  signal?: AbortSignal;
  /** Called with each answer as it arrives (to feed later requests). */
  onReply?: (sent: Sent<T>) => void;
}

export async function driveAtRate<T>({ request, next, headers, perSecond, durationMs, signal, onReply }: DriveOptions<T>): Promise<Sent<T>[]> {
  const sent: Sent<T>[] = [];
  const inFlight = new Set<Promise<void>>();
  const t0 = performance.now();
  const answered = (s: Sent<T>) => {
    sent.push(s);
    onReply?.(s);
  };
  for (let i = 0; i < (perSecond * durationMs) / 1000 && !signal?.aborted; i++) {
    const wait = t0 + (i * 1000) / perSecond - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (inFlight.size >= 512) await Promise.race(inFlight);
    const { item, url, body } = next();
    const sentAt = performance.now();
    const one: Promise<void> = request(url, 'POST', headers, body)
      .then((r) => answered({ item, status: r.status, body: r.body, sentAt, answeredAt: performance.now() }))
      .catch(() => answered({ item, status: 0, body: '', sentAt, answeredAt: performance.now() }))
      .finally(() => inFlight.delete(one));
    inFlight.add(one);
  }
  await Promise.all(inFlight);
  return sent;
}
