// The reference checker behind test/docs/references.unit.spec.ts, pure: it sees the repository only through the
// Repo it is given. Finds relative Markdown links (and #anchors) that do not resolve, cited design decisions
// ("docs/design.md decision N") and reliability rows ("docs/reliability.md Txx") that do not exist, docs/*.md
// paths named in code or text that do not exist, old document names, and references to folders outside the
// repository.
import { posix } from 'node:path';

export interface Repo {
  files: readonly string[];
  read(file: string): string;
  exists(file: string): boolean;
}

// The old names, written so that this file does not match itself.
const STALE: ReadonlyArray<[RegExp, string]> = [
  [/\bDESIGN[ ]decisions?\b/, 'cites a design decision without its page: write "docs/design.md decision N"'],
  [/\bRELIABILITY[ ]T\d/, 'cites a reliability row without its page: write "docs/reliability.md Txx"'],
  [
    /\b(?:DESIGN|RELIABILITY|STYLE|API|INFRA)\.md\b/,
    'names a document that is not in the repository (see docs/README.md)',
  ],
  [/\/work\/shared\b|\.\.\/shared\b/, 'points at a folder outside the repository'],
];
const DECISIONS = /docs\/design\.md,? decisions? (\d+(?:(?:, | and | or )\d+)*)/g;
const ROWS = /docs\/reliability\.md,? (T\d{2}(?:(?:-|\/|, | and )T\d{2})*)/g;
const DOC_PATH = /(?<![\w./-])docs\/[\w./-]*?\.md(?:#[\w-]+)?/g;
const LINK = /!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/;

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** Lines of a Markdown text with the content of fenced code blocks blanked (line numbers kept). */
function withoutFences(text: string): string[] {
  let fence: string | undefined;
  return text.split('\n').map((line) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      return '';
    }
    if (marker) fence = marker;
    return marker ? '' : line;
  });
}

/** Prose only: fenced blocks blanked and inline code spans masked, so code examples are not taken as links. */
const proseLines = (text: string): string[] =>
  withoutFences(text).map((line) => line.replace(/(`+)(.+?)\1/g, (span) => ' '.repeat(span.length)));

function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutFences(markdown)) {
    for (const html of line.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(html[1] ?? '');
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const base = slug(heading);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** Repository-relative path of `target` seen from `from`, or null when it leaves the repository. */
function resolveFrom(from: string, target: string): string | null {
  const joined = posix.normalize(posix.join(posix.dirname(from), target));
  return joined === '..' || joined.startsWith('../') ? null : joined;
}

const safeDecode = (text: string): string => {
  try {
    return decodeURI(text);
  } catch {
    return text;
  }
};

function expandRows(list: string): string[] {
  const ids: string[] = [];
  for (const part of list.split(/\/|, | and /)) {
    const range = /^T(\d{2})-T(\d{2})$/.exec(part);
    if (!range) {
      ids.push(part);
      continue;
    }
    for (let n = Number(range[1]); n <= Number(range[2]); n++) ids.push(`T${String(n).padStart(2, '0')}`);
  }
  return ids;
}

/** Every broken reference in the repository, as `file:line: what is wrong`. */
export function brokenReferences(repo: Repo): string[] {
  const anchorCache = new Map<string, Set<string>>();
  const anchors = (file: string) =>
    anchorCache.get(file) ?? anchorCache.set(file, anchorsOf(repo.read(file))).get(file)!;
  const design = repo.exists('docs/design.md') ? repo.read('docs/design.md') : '';
  const decisions = new Set([...design.matchAll(/^#{2,3} D(\d+)\. /gm)].map((m) => m[1]));
  const reliability = repo.exists('docs/reliability.md') ? repo.read('docs/reliability.md') : '';
  const rows = new Set([...reliability.matchAll(/^\| (T\d{2}) \|/gm)].map((m) => m[1]));
  const problems: string[] = [];

  const checkTarget = (file: string, line: number, target: string, from: string, what: string): void => {
    const [rawPath = '', anchor] = target.split('#', 2);
    const path = rawPath === '' ? file : resolveFrom(from, safeDecode(rawPath));
    const at = `${file}:${line}`;
    if (path === null) return void problems.push(`${at}: ${what} ${target} leaves the repository`);
    if (!repo.exists(path)) return void problems.push(`${at}: ${what} ${target}: no such file ${path}`);
    if (!anchor || !path.endsWith('.md') || anchors(path).has(anchor)) return;
    problems.push(`${at}: ${what} ${target}: ${path} has no heading #${anchor}`);
  };

  for (const file of repo.files) {
    const text = repo.read(file);
    const lines = text.split('\n');
    lines.forEach((content, i) => {
      const at = `${file}:${i + 1}`;
      for (const [pattern, message] of STALE) if (pattern.test(content)) problems.push(`${at}: ${message}`);
      const cited = [...content.matchAll(DECISIONS)].flatMap((m) => m[1]?.match(/\d+/g) ?? []);
      for (const n of cited.filter((d) => !decisions.has(d)))
        problems.push(`${at}: docs/design.md has no decision ${n}`);
      const rowsCited = [...content.matchAll(ROWS)].flatMap((m) => expandRows(m[1] ?? ''));
      for (const id of rowsCited.filter((r) => !rows.has(r)))
        problems.push(`${at}: docs/reliability.md has no row ${id}`);
      // In Markdown, link targets are checked as links below (relative to the page), not again as paths.
      const prose = file.endsWith('.md') ? content.replace(/\]\([^)]*\)/g, ']()') : content;
      for (const m of prose.matchAll(DOC_PATH)) checkTarget(file, i + 1, m[0], 'README.md', 'path');
    });
    if (!file.endsWith('.md')) continue;
    proseLines(text).forEach((content, i) => {
      const definition = REFERENCE_DEFINITION.exec(content)?.[1];
      const targets = [
        ...[...content.matchAll(LINK)].map((m) => m[1] ?? ''),
        ...(definition ? [definition] : []),
      ];
      for (const target of targets) {
        if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(target)) continue;
        checkTarget(file, i + 1, target, file, 'link');
      }
    });
  }
  return problems;
}
