// The layout maps of docs/conventions.md and README.md, checked against the tree (the checker is
// test/docs/layoutCheck.ts): every top-level folder is described in both, every folder one level down in api/,
// model/ and projector/ in docs/conventions.md, and every folder either names exists. A folder added, moved or
// removed fails here until its row is written. The tree is the tracked and new (not ignored) files' folders, so an
// empty folder left behind by a move does not count. The last tests run the check on the real map with a row
// removed and a row added, so they show it can fail.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { layoutProblems, layoutRows } from './layoutCheck.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** What .gitignore keeps out of the tree, for a walk without git (git ls-files already leaves it out). */
const IGNORED = /^(node_modules|dist|coverage|test-artifacts|\.infra|\.git)\//;
/** The rooms whose folders docs/conventions.md describes one by one. */
const ROOMS = ['api', 'model', 'projector'];

function files(): string[] {
  try {
    return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\0')
      .filter(Boolean);
  } catch {
    // Not a git work tree (an unpacked archive): every file on disk.
    return readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => posix.relative(root, posix.join(e.parentPath, e.name)));
  }
}

/** Every folder that holds a file, at any depth, with a trailing slash. */
function folders(): Set<string> {
  const out = new Set<string>();
  for (const file of files()) {
    if (IGNORED.test(file)) continue;
    const parts = file.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) out.add(`${parts.slice(0, i).join('/')}/`);
  }
  return out;
}

const read = (file: string): string => readFileSync(posix.join(root, file), 'utf8');
const tree = folders();

describe('the layout maps', () => {
  it('docs/conventions.md describes every top-level folder and every folder of api/, model/ and projector/, and only folders that exist', () => {
    expect(layoutProblems(layoutRows(read('docs/conventions.md')), tree, ROOMS)).toEqual({ missing: [], unknown: [] });
  });

  it('README.md describes every top-level folder, and only folders that exist', () => {
    expect(layoutProblems(layoutRows(read('README.md')), tree, [])).toEqual({ missing: [], unknown: [] });
  });

  it('fails on the real map with a row removed and with a row for a folder that is not there', () => {
    const map = read('docs/conventions.md');
    const withoutEvents = map.split('\n').filter((l) => !l.startsWith('| `projector/events/`')).join('\n');
    expect(layoutProblems(layoutRows(withoutEvents), tree, ROOMS).missing).toContain('projector/events/');
    const withGhost = map.replace('| `projector/events/`', '| `projector/ghost/` | gone |\n| `projector/events/`');
    expect(layoutProblems(layoutRows(withGhost), tree, ROOMS).unknown).toContain('projector/ghost/');
  });
});

describe('layoutRows', () => {
  const doc = ['# T', '## Layout', '| folder | holds |', '|---|---|', '| `a/`, `a/b/` | x |', '| `c/` | y |', '| `c/<name>/` | y `d/` |', 'text `e/`', '## Next', '| `f/` | z |'].join('\n');

  it('reads the folders opening the rows of the Layout section only', () => expect(layoutRows(doc)).toEqual(['a/', 'a/b/', 'c/', 'c/<name>/']));

  it('checks a pattern by the folder before its placeholder', () => {
    const t = new Set(['a/', 'a/b/', 'c/']);
    expect(layoutProblems(layoutRows(doc), t, ['a'])).toEqual({ missing: [], unknown: [] });
    expect(layoutProblems(layoutRows(doc), new Set(['a/', 'a/b/', 'a/z/']), ['a'])).toEqual({ missing: ['a/z/'], unknown: ['c/', 'c/<name>/'] });
  });
});
