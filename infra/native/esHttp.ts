// The launcher's own requests to Elasticsearch (readiness, checks after start): HTTPS that trusts only the stack's
// CA, as the launcher's superuser. node:https rather than fetch, because fetch cannot be given a CA of its own.
import { request } from 'node:https';
import { esRequestHeaders, type EsAccess } from '../../lib/esAccess.js';

export interface EsAnswer {
  status: number;
  body: string;
}

export function esHttp(access: EsAccess & { ca: Buffer }, path: string, timeoutMs = 2_000): Promise<EsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(`${access.url.replace(/\/$/, '')}${path}`, { ca: access.ca, headers: esRequestHeaders(access), timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${access.url} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}
