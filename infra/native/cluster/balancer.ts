// A small local load balancer for the cluster: one front port per service, connections handed round-robin to the
// service's nodes at the TCP level (so it carries HTTP and Elasticsearch's HTTPS alike, TLS ending at the node).
// A node that refuses the connection (its process is gone) is skipped and the next one tried, so clients written
// for one address keep working, unchanged, while any one node is down. It is the stand-in for a real load
// balancer: it does no health checks of its own, and a node that accepts and then hangs is not detected.
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface Route {
  front: number;
  backends: number[];
}

/** `33080=33180,33280` → a route. */
export function parseRoute(text: string): Route {
  const [front, backends] = text.split('=');
  const route = { front: Number(front), backends: (backends ?? '').split(',').filter(Boolean).map(Number) };
  if (!Number.isInteger(route.front) || route.backends.length === 0 || route.backends.some((p) => !Number.isInteger(p))) throw new Error(`bad route "${text}" (front=backend,backend)`);
  return route;
}

function pipeTo(client: Socket, backends: number[], start: number, attempt = 0): void {
  if (attempt >= backends.length) {
    client.destroy();
    return;
  }
  const upstream = connect({ host: '127.0.0.1', port: backends[(start + attempt) % backends.length] ?? 0 });
  let connected = false;
  upstream.once('connect', () => {
    connected = true;
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
    client.resume();
  });
  upstream.on('error', () => {
    if (connected) client.destroy();
    else pipeTo(client, backends, start, attempt + 1); // refused: that node is down, try the next
  });
}

export function listen(route: Route): Promise<Server> {
  let next = 0;
  const server = createServer({ pauseOnConnect: true }, (client) => {
    client.on('error', () => client.destroy());
    pipeTo(client, route.backends, next++);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(route.front, '127.0.0.1', () => resolve(server));
  });
}
