// What every listener of Sluice gets, whatever serves it (Express apps, the projector's metrics server): a bound
// interface (loopback unless told otherwise), a cap on connections, and timeouts so that slow or idle clients
// cannot hold sockets forever (slowloris: headers trickled in, bodies never finished, keep-alive left open).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { host } from './config.js';

export interface ServerLimits {
  /** Interface to bind: 127.0.0.1 by default, 0.0.0.0 in a container (docker-compose.yml, Dockerfile). */
  host: string;
  /** Longest a whole request may take to arrive (the response time is not bounded by it). */
  requestTimeoutMs: number;
  /** Longest the headers may take to arrive. */
  headersTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  keepAliveTimeoutMs: number;
  /** Connections beyond this are closed as they arrive. */
  maxConnections: number;
}

const ms = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/** The settings every process with a listener adds to its schema (API_ for the APIs; the projector has its own host). */
export const serverLimitSettings = {
  API_HOST: host(), // interface the HTTP API binds (0.0.0.0 in containers)
  API_REQUEST_TIMEOUT_MS: ms(1_000, 600_000, 30_000), // longest a request may take to arrive
  API_HEADERS_TIMEOUT_MS: ms(1_000, 120_000, 10_000), // longest its headers may take
  API_KEEP_ALIVE_TIMEOUT_MS: ms(100, 600_000, 5_000), // idle keep-alive connections close after this
  API_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1_000_000).default(4_096), // open connections at most
};

type LimitConfig = { [K in keyof typeof serverLimitSettings]: z.output<(typeof serverLimitSettings)[K]> };

export const serverLimitsFrom = (c: Readonly<LimitConfig>): ServerLimits => ({
  host: c.API_HOST,
  requestTimeoutMs: c.API_REQUEST_TIMEOUT_MS,
  headersTimeoutMs: c.API_HEADERS_TIMEOUT_MS,
  keepAliveTimeoutMs: c.API_KEEP_ALIVE_TIMEOUT_MS,
  maxConnections: c.API_MAX_CONNECTIONS,
});

export function applyLimits(server: Server, limits: ServerLimits): Server {
  server.requestTimeout = limits.requestTimeoutMs;
  // Node requires headersTimeout <= requestTimeout.
  server.headersTimeout = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  return server;
}

/** Applies the limits and listens on host:port; resolves with the bound address once listening. */
export function listen(server: Server, port: number, limits: ServerLimits): Promise<AddressInfo> {
  applyLimits(server, limits);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, limits.host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}
