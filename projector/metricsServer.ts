// The projector's own listener: /health, /ready and /metrics, on loopback unless PROJECTOR_METRICS_HOST says
// otherwise, with the limits every Sluice listener has (lib/httpServer.ts). /metrics needs an API key with the ops
// scope, as on the APIs (api/http/createHttpApp.ts says why a key rather than a separate listener); the ops service
// and Prometheus send one. /ready answers ready or starting to anyone; which projections are frozen, why and the
// command that fixes it (docs/design.md decision 8) only to an ops key.
import { createServer, type Server } from 'node:http';
import type { Authenticate } from '../lib/keyring.js';
import type { Freeze } from '../model/frozen.js';
import { readyAnswer, type ProjectorMetrics } from './metrics.js';

/** What the listener reads of the running projector (assembly/projector.ts). */
export interface ProjectorHealth {
  ready(): boolean;
  /** The projections frozen now (live mapping differs from the declaration), with index and difference. */
  frozen(): Freeze[];
  metrics: Pick<ProjectorMetrics, 'registry'>;
}

export function createMetricsServer(projector: ProjectorHealth, authenticate: Authenticate): Server {
  return createServer((req, res) => {
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers }).end(JSON.stringify(body));
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(405, { status: 405, title: 'method not allowed' }, { allow: 'GET, HEAD' });
    if (path === '/health') return json(200, { status: 'ok' });
    const principal = authenticate(req.headers.authorization);
    const ops = principal?.scopes.has('ops') ?? false;
    if (path === '/ready') {
      const answer = readyAnswer(projector.ready(), projector.frozen());
      return json(answer.status, ops ? answer.body : { status: answer.body['status'] });
    }
    if (path === '/metrics') {
      if (!principal) return json(401, { status: 401, title: 'a valid API key is required: Authorization: Bearer <key>' }, { 'www-authenticate': 'Bearer realm="sluice"' });
      if (!ops) return json(403, { status: 403, title: 'this API key lacks the "ops" scope' });
      void projector.metrics.registry.metrics().then((text) => res.writeHead(200, { 'content-type': projector.metrics.registry.contentType }).end(text));
      return;
    }
    return json(404, { status: 404, title: 'not found' });
  });
}
