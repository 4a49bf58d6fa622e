// A copy of this project's source tree in a temporary folder, as a user's checkout: everything but node_modules
// (symlinked), .git, .infra and dist. Tests change the copy as a user changes theirs, and run its code.
import { cpSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const SKIPPED = new Set(['node_modules', '.git', '.infra', 'dist']);

export function copySourceTree(root = process.cwd()): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-copy-'));
  cpSync(root, dir, { recursive: true, filter: (src) => !SKIPPED.has(relative(root, src)) });
  symlinkSync(realpathSync(join(root, 'node_modules')), join(dir, 'node_modules'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
