// promtool for the unit tests. It is not an npm package: infra/native/ensureInstalled.mjs (run before `npm test`)
// unpacks Debian's prometheus package into .infra/tools. PROMTOOL names another one; otherwise one on PATH does.
// Without any, the promtool checks fail and say how to get one, so rules are never left unchecked by accident;
// SLUICE_SKIP_PROMTOOL=1 skips them on purpose (a machine without Debian packages), and the test names say so.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const candidates = [process.env['PROMTOOL'], fileURLToPath(new URL('../../.infra/tools/prometheus/usr/bin/promtool', import.meta.url)), 'promtool'].filter(
  (c): c is string => Boolean(c),
);

const promtool = candidates.find((c) => spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0);

/** True only when promtool is missing and SLUICE_SKIP_PROMTOOL=1 asks to skip. */
export const skipPromtool = !promtool && process.env['SLUICE_SKIP_PROMTOOL'] === '1';

const MISSING =
  `promtool was not found (tried ${candidates.join(', ')}). Run \`node infra/native/ensureInstalled.mjs\` ` +
  "(unpacks Debian's prometheus package into .infra/tools), install the prometheus package, or set PROMTOOL to a promtool binary; " +
  'SLUICE_SKIP_PROMTOOL=1 skips these checks on purpose.';

/** Runs promtool; throws the way to get it when there is none. */
export function runPromtool(args: string[], cwd: string): { status: number | null; output: string } {
  if (!promtool) throw new Error(MISSING);
  const result = spawnSync(promtool, args, { cwd, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
