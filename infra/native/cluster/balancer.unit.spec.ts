import { createServer, connect, type Server } from 'node:net';
import { listen, parseRoute } from './balancer.js';

const serve = (answer: string): Promise<Server> =>
  new Promise((resolve) => {
    const server = createServer((socket) => socket.end(answer));
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
const portOf = (server: Server): number => (server.address() as { port: number }).port;
const ask = (port: number): Promise<string> =>
  new Promise((resolve, reject) => {
    let text = '';
    const socket = connect({ host: '127.0.0.1', port });
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });

describe('the cluster balancer', () => {
  it('parses front=backend,backend and refuses a route without backends', () => {
    expect(parseRoute('33080=33180,33280')).toEqual({ front: 33080, backends: [33180, 33280] });
    expect(() => parseRoute('33080=')).toThrow(/bad route/);
  });

  it('hands connections round-robin and skips a node that refuses them', async () => {
    const a = await serve('a');
    const b = await serve('b');
    const dead = await serve('x');
    const deadPort = portOf(dead);
    await new Promise((resolve) => dead.close(resolve));
    const probe = await serve('');
    const front = portOf(probe);
    await new Promise((resolve) => probe.close(resolve));
    const balancer = await listen({ front, backends: [portOf(a), deadPort, portOf(b)] });
    try {
      const answers = [await ask(front), await ask(front), await ask(front)];
      expect(answers).toEqual(['a', 'b', 'b']); // the second went to the dead node and moved on to the next
    } finally {
      await Promise.all([a, b, balancer].map((s) => new Promise((resolve) => s.close(resolve))));
    }
  });
});
