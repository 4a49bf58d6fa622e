// A component of the native stack: how to prepare it (fetch, init), start it, and tell when it is ready.
import type { StackContext } from './context.js';
import type { SpawnSpec } from './processes.js';

export interface Component {
  name: string;
  address: (ctx: StackContext) => string;
  /** Components that must be ready before this one starts. */
  after: string[];
  readyTimeoutMs: number;
  /** The signal for a clean, prompt stop (Postgres: SIGINT is its fast shutdown). Default SIGTERM. */
  stopSignal?: NodeJS.Signals;
  prepare: (ctx: StackContext) => Promise<void>;
  spawn: (ctx: StackContext) => Omit<SpawnSpec, 'logFile' | 'pidFile'>;
  ready: (ctx: StackContext) => Promise<boolean>;
  /** Runs once after the component became ready (databases, roles, connector registration...). */
  afterReady?: (ctx: StackContext) => Promise<void>;
}

export const httpOk = async (url: string, timeoutMs = 2000): Promise<Response | undefined> => {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return response.ok ? response : undefined;
  } catch {
    return undefined;
  }
};
