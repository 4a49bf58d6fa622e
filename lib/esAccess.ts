// How a process reaches Elasticsearch: the endpoint, the user it acts as, and the CA that signed the cluster's HTTP
// certificate. Each composition root builds one from its own schema (its own user); every client is made from it.
import { readFileSync } from 'node:fs';
import { ConfigError } from './errors.js';

export interface EsAccess {
  url: string;
  username?: string | undefined;
  password?: string | undefined;
  /** PEM file of the CA to trust; without it, Node's default trust store decides. */
  caFile?: string | undefined;
}

/** The connection options every @elastic/elasticsearch client takes: node, auth (only with a password) and TLS. */
export function esConnection(access: EsAccess): { node: string; auth?: { username: string; password: string }; tls?: { ca: Buffer; rejectUnauthorized: true } } {
  const auth = access.username && access.password ? { auth: { username: access.username, password: access.password } } : {};
  if (!access.caFile || !access.url.startsWith('https:')) return { node: access.url, ...auth };
  let ca: Buffer;
  try {
    ca = readFileSync(access.caFile);
  } catch (error) {
    throw new ConfigError(`ES_CA_FILE ${access.caFile} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): point it at the CA that signed Elasticsearch's certificate`);
  }
  return { node: access.url, ...auth, tls: { ca, rejectUnauthorized: true } };
}

/** The same, as request options for node:https (the launcher's own checks, tests that speak HTTP directly). */
export function esRequestHeaders(access: EsAccess): Record<string, string> {
  return access.username && access.password ? { authorization: `Basic ${Buffer.from(`${access.username}:${access.password}`).toString('base64')}` } : {};
}
