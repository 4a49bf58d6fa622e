// The cluster's balancer process: `balancerMain.ts <front>=<backend>,... ...` (./balancer.ts).
import { listen, parseRoute } from './balancer.js';

const routes = process.argv.slice(2).map(parseRoute);
await Promise.all(routes.map(listen));
console.log(`balancing ${routes.map((r) => `${r.front} -> ${r.backends.join(',')}`).join('; ')}`);
