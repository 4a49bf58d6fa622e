// Integration and end-to-end tiers need the real stack. `npm test` starts it before jest runs; this makes
// a direct `npx jest` work too (a no-op when the stack already runs). Loaded through tsx because jest's
// module mapper does not apply to global setup files.
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  const { useTestStack } = await tsImport('./testStackEnv.ts', import.meta.url);
  const { ensureStack } = await tsImport('./testStack.ts', import.meta.url);
  useTestStack();
  await ensureStack();
}
