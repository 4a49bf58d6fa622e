// One retry helper for the whole code base: exponential backoff with full jitter, retrying only what the
// predicate calls retriable (by default: AppError.retriable).
import { isRetriable } from './errors.js';

export interface RetryOptions {
  retries: number;
  initialMs?: number;
  maxMs?: number;
  shouldRetry?: (error: unknown) => boolean;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const backoffDelay = (attempt: number, initialMs: number, maxMs: number, random: () => number): number =>
  Math.round(random() * Math.min(maxMs, initialMs * 2 ** attempt));

export async function retry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  const { retries, initialMs = 100, maxMs = 10_000, shouldRetry = isRetriable } = opts;
  const sleep = opts.sleep ?? defaultSleep;
  const random = opts.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= retries || !shouldRetry(error)) throw error;
      const delayMs = backoffDelay(attempt, initialMs, maxMs, random);
      opts.onRetry?.(error, attempt + 1, delayMs);
      await sleep(delayMs);
    }
  }
}
