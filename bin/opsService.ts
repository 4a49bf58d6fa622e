// The ops service as the `sluice` command reaches it: where it listens, and one report read from it. `sluice lag` and
// `sluice capacity` ask it first (its history holds figures an in-process measurement cannot have) and measure
// in-process when it does not answer.

export const opsUrl = (): string => (process.env['OPS_URL'] ?? `http://127.0.0.1:${process.env['API_OPS_PORT'] ?? 8082}`).replace(/\/$/, '');

/**
 * GET `<url><path>` with the ops key; undefined when the service does not answer (or, with `absentOn404`, is older
 * than the route), so the caller measures in-process. A refused key or another error status is an error.
 */
export async function fromOpsService<T>(url: string, path: string, o: { timeoutMs: number; absentOn404?: boolean }): Promise<T | undefined> {
  let response: Response;
  try {
    response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${process.env['API_OPS_KEY'] ?? 'dev-ops'}` }, signal: AbortSignal.timeout(o.timeoutMs) });
  } catch {
    return undefined; // not running: measure in-process instead
  }
  if (response.status === 401 || response.status === 403) throw new Error(`the ops service at ${url} refused API_OPS_KEY (HTTP ${response.status}): set API_OPS_KEY to a key with the ops scope`);
  if (response.status === 404 && o.absentOn404) return undefined;
  if (!response.ok) throw new Error(`the ops service at ${url} answered HTTP ${response.status}`);
  return (await response.json()) as T;
}
