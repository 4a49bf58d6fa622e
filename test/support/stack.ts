// The real stack for tests: started once per run through the native launcher (a no-op when it already runs).
import { createContext, infraComponents, up, down } from '../../infra/native/index.js';

const quiet = (): void => undefined;

/** Brings the infrastructure up; returns the names of the components this call started. */
export async function ensureStack(say: (line: string) => void = quiet): Promise<string[]> {
  return up(createContext(process.env, say), infraComponents);
}

export async function stopStarted(names: string[], say: (line: string) => void = quiet): Promise<void> {
  const ctx = createContext(process.env, say);
  await down(ctx, infraComponents.filter((c) => names.includes(c.name)));
}
