// Every reference in the repository resolves inside it (the checker is test/docs/referenceCheck.ts). The files
// are the tracked and new ones, read from disk; a failure names file:line and what is wrong. The checker's own
// tests below run it on small in-memory repositories, so they show it can fail.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brokenReferences, slug, type Repo } from './referenceCheck.js';

const SCANNED = /\.(ts|js|mjs|cjs|md|json|ya?ml|sql|sh|html|css)$|(^|\/)\.env\.example$/;
const SKIPPED_DIRS = /(^|\/)(node_modules|\.infra|dist|coverage|test-artifacts|\.git)\//;

const root = fileURLToPath(new URL('../..', import.meta.url));

function walk(dir: string): string[] {
  return readdirSync(posix.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return SKIPPED_DIRS.test(`${path}/`) ? [] : walk(path);
    return [path];
  });
}

/** Tracked and new (not ignored) files, from git when there is a work tree; otherwise a walk of the tree. */
function repositoryFiles(): string[] {
  let listed: string[];
  try {
    const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    listed = out.split('\0').filter(Boolean);
  } catch {
    listed = walk('');
  }
  const isFile = (f: string) => existsSync(posix.join(root, f)) && statSync(posix.join(root, f)).isFile();
  return listed
    .filter((f) => SCANNED.test(f) && !SKIPPED_DIRS.test(f) && f !== 'package-lock.json' && isFile(f))
    .sort();
}

// This file is left out: the checker's own tests below hold deliberately broken references.
const SELF = 'test/docs/references.unit.spec.ts';

const onDisk: Repo = {
  files: repositoryFiles().filter((f) => f !== SELF),
  read: (file) => readFileSync(posix.join(root, file), 'utf8'),
  exists: (file) => existsSync(posix.join(root, file)),
};

function inMemory(files: Record<string, string>): Repo {
  const parents = (f: string) =>
    f
      .split('/')
      .slice(0, -1)
      .map((_, i, parts) => parts.slice(0, i + 1).join('/'));
  const dirs = new Set(Object.keys(files).flatMap(parents));
  return {
    files: Object.keys(files),
    read: (f) => files[f] ?? '',
    exists: (f) => f in files || dirs.has(f.replace(/\/$/, '')),
  };
}

describe('references inside the repository', () => {
  it('scans the documentation and the code', () => {
    expect(onDisk.files).toEqual(
      expect.arrayContaining([
        'ARCHITECTURE.md',
        'docs/README.md',
        'docs/design.md',
        'eslint.config.js',
        'lib/position.ts',
      ]),
    );
  });

  it('every relative link, anchor, cited decision, cited row and docs/ path resolves, and nothing points outside', () => {
    expect(brokenReferences(onDisk)).toEqual([]);
  });
});

describe('the reference checker', () => {
  const docs = {
    'docs/design.md': '# Design\n\n## D1. First\n',
    'docs/reliability.md': '| ID |\n|---|\n| T01 | crash |\n| T02 | stop |\n',
  };

  it('accepts links, anchors, citations and paths that resolve', () => {
    const repo = inMemory({
      ...docs,
      'README.md':
        'See [design](docs/design.md#d1-first), [the code](src/), [web](https://example.com) and `[not a link](nowhere.md)`.\n',
      'src/a.ts': '// docs/design.md decision 1, docs/reliability.md T01-T02 and docs/reliability.md.\n',
      'docs/other.md':
        '```\n[in a code block](missing.md)\n```\n[up](../README.md) [self](#other) [ref]\n\n## Other\n\n[ref]: design.md\n',
    });
    expect(brokenReferences(repo)).toEqual([]);
  });

  it('names file:line of every broken reference', () => {
    const stale = ['DESIGN', 'decision 1'].join(' ');
    const repo = inMemory({
      ...docs,
      'README.md':
        'one\n[gone](docs/gone.md) [bad anchor](docs/design.md#d9-nothing) [out](../elsewhere/x.md)\n',
      'src/a.ts': `// ${stale}\n// docs/design.md decision 4 and docs/reliability.md T01/T03\n-- docs/missing.md\n`,
    });
    expect(brokenReferences(repo)).toEqual([
      'README.md:2: link docs/gone.md: no such file docs/gone.md',
      'README.md:2: link docs/design.md#d9-nothing: docs/design.md has no heading #d9-nothing',
      'README.md:2: link ../elsewhere/x.md leaves the repository',
      'src/a.ts:1: cites a design decision without its page: write "docs/design.md decision N"',
      'src/a.ts:2: docs/design.md has no decision 4',
      'src/a.ts:2: docs/reliability.md has no row T03',
      'src/a.ts:3: path docs/missing.md: no such file docs/missing.md',
    ]);
  });

  it('derives anchors the way GitHub does', () => {
    expect(slug('D2. Events are triggers')).toBe('d2-events-are-triggers');
    expect(slug('`sluice verify <projection> [--repair]`')).toBe('sluice-verify-projection---repair');
    expect(slug('What may import what')).toBe('what-may-import-what');
  });
});
