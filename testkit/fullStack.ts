// The whole stack as `npm start` runs it (the infrastructure and the four Sluice processes), for what drives it
// from outside the way a user does (benchmarks): its endpoints as .env names them, and the stack itself, started
// if needed and stopped only if this process started it. The test tiers use testStack.ts instead.
import { allComponents, createContext, down, up } from '../infra/native/index.js';

export interface StackEndpoints {
  commandUrl: string;
  queryUrl: string;
  metricsUrl: string;
  commandKey: string;
  queryKey: string;
  /** A key with the ops scope: the projector's /metrics needs one. */
  opsKey: string;
  esUrl: string;
}

const env = process.env;

/** The endpoints of the running stack, as its .env names them. */
export function stackEndpoints(): StackEndpoints {
  const keyOf = (scope: string, fallback: string) => (env['API_KEYS'] ?? '').split(',').map((k) => k.trim().split(':')).find(([, scopes]) => scopes?.split('+').includes(scope))?.[0] ?? fallback;
  return {
    commandUrl: `http://127.0.0.1:${env['API_COMMAND_PORT'] ?? 8080}`,
    queryUrl: `http://127.0.0.1:${env['API_QUERY_PORT'] ?? 8081}`,
    metricsUrl: `http://127.0.0.1:${env['PROJECTOR_METRICS_PORT'] ?? 8090}`,
    commandKey: keyOf('commands', 'dev-commands'),
    queryKey: keyOf('queries', 'dev-queries'),
    opsKey: keyOf('ops', 'dev-ops'),
    esUrl: env['ES_URL'] ?? 'https://127.0.0.1:9200',
  };
}

/** Runs `body` against the whole stack as `npm start` runs it; what this starts, it stops afterwards. */
export async function withFullStack<T>(body: (stack: StackEndpoints) => Promise<T>): Promise<T> {
  const ctx = createContext(env, () => undefined);
  const started = await up(ctx, allComponents());
  try {
    return await body(stackEndpoints());
  } finally {
    await down(ctx, allComponents().filter((c) => started.includes(c.name)));
  }
}
