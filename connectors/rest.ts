// Kafka Connect's REST API, behind basic authentication (Connect's BasicAuthSecurityRestExtension, set up by the
// native launcher). Every caller goes through connectFetch with a ConnectRest, so none can forget the credentials;
// without a password the header is left out, for a Connect of one's own that has no authentication.

export interface ConnectRest {
  url: string;
  /** `Basic …`, or undefined without a password. Never logged: errors name only the URL. */
  authorization?: string;
}

/** The one REST user the launcher creates (the extension authenticates; it has no per-user rights). */
export const CONNECT_REST_DEFAULT_USER = 'sluice';

export const connectRest = (url: string, user: string, password: string | undefined): ConnectRest =>
  password ? { url, authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` } : { url };

/** For operator tools and tests: CONNECT_URL, CONNECT_REST_USER and CONNECT_REST_PASSWORD from the environment. */
export const connectRestFrom = (env: Record<string, string | undefined>): ConnectRest =>
  connectRest(env['CONNECT_URL'] ?? 'http://127.0.0.1:8083', env['CONNECT_REST_USER'] ?? CONNECT_REST_DEFAULT_USER, env['CONNECT_REST_PASSWORD']);

export function connectFetch(rest: ConnectRest, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (rest.authorization) headers.set('authorization', rest.authorization);
  return fetch(`${rest.url}${path}`, { ...init, headers });
}
