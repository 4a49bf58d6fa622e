// Every probe of the ops service (lag and capacity alike) either measured something or says plainly why it could
// not, within a time bound: a dependency that is down is a figure to report, never an exception upwards.

export type Probe<T> = { state: 'ok'; value: T } | { state: 'unavailable'; reason: string };

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export async function measure<T>(probe: () => Promise<T>, timeoutMs: number, what: string): Promise<Probe<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Probe<T>>((resolve) => {
    timer = setTimeout(() => resolve({ state: 'unavailable', reason: `${what} did not answer within ${timeoutMs} ms` }), timeoutMs);
  });
  const attempt = probe().then(
    (value): Probe<T> => ({ state: 'ok', value }),
    (error: unknown): Probe<T> => ({ state: 'unavailable', reason: message(error) }),
  );
  try {
    return await Promise.race([attempt, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
