// The real stack for tests: a stack of its own, never the development one. Tests write orders, poison records,
// rebuilt indexes and killed brokers; none of that may reach the data a developer is looking at, so `npm test`
// runs Postgres, Kafka, Connect and Elasticsearch in a home of their own (.infra/test) on ports 10000 above the
// development defaults, the way testcontainers gives every run containers of its own. It is started once per run
// through the native launcher (a no-op when it already runs) and shares only the downloaded distributions; where a
// Docker engine answers, the images of docker-compose.yml are started instead, through testcontainers
// (./containers.ts), on the same ports. SLUICE_TEST_STACK=native or =containers chooses explicitly.
import { adoptSecrets } from '../lib/secrets.js';
import { createContext, infraComponents, up, down } from '../infra/native/index.js';

const quiet = (): void => undefined;

/** What ensureStack returns when it started the containers. */
export const CONTAINERS = 'containers';

/**
 * Brings the infrastructure up (or only the named components, e.g. `['postgres']` for a benchmark that needs no
 * more; containers always come as a whole); returns the names of the components this call started.
 */
export async function ensureStack(say: (line: string) => void = quiet, only?: readonly string[]): Promise<string[]> {
  if (process.env['SLUICE_TEST_CONTAINERS'] === 'running') return [];
  const containers = await import('./containers.js');
  if (await containers.dockerAnswers()) {
    say('a Docker engine answers: starting the stack in containers (testcontainers)');
    await containers.startContainers(say);
    return [CONTAINERS];
  }
  if (process.env['SLUICE_TEST_STACK'] === 'containers') throw new Error('SLUICE_TEST_STACK=containers, but no Docker engine answers (DOCKER_HOST, /var/run/docker.sock)');
  const started = await up(createContext(process.env, say), only ? infraComponents.filter((c) => only.includes(c.name)) : infraComponents);
  adoptSecrets(process.env); // the tests, benchmarks and fault suite connect with the stack's generated credentials
  return started;
}

export async function stopStarted(names: string[], say: (line: string) => void = quiet): Promise<void> {
  if (names.includes(CONTAINERS)) {
    const { stopContainers } = await import('./containers.js');
    await stopContainers();
    return;
  }
  const ctx = createContext(process.env, say);
  await down(ctx, infraComponents.filter((c) => names.includes(c.name)));
}
