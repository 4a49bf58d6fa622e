// The layout check behind test/docs/layout.unit.spec.ts, pure: it is given a document's text and the folders of the
// tree. A layout map is a Markdown table under the document's "## Layout" heading whose rows open with the folders
// they describe, in backticks and ending in a slash (`api/query/`; `model/projections/<name>/` names a pattern, of
// which the part before `<` must exist). The check finds the folders the map leaves out and the ones it names
// that are not there, so the map cannot go stale without a failing test.

/** The folders a layout table's rows name, in the order written, from the section under `heading`. */
export function layoutRows(markdown: string, heading = 'Layout'): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.trim() === `## ${heading}`);
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  const folders: string[] = [];
  for (const line of lines.slice(start + 1, end < 0 ? undefined : end)) {
    if (!line.trimStart().startsWith('|')) continue;
    const first = line.split('|')[1] ?? '';
    for (const match of first.matchAll(/`([^`\s]+\/)`/g)) folders.push(match[1]!);
  }
  return folders;
}

/** A named folder stands for itself, or for the folder before its first `<placeholder>`. */
const existingPart = (folder: string): string => (folder.includes('<') ? folder.slice(0, folder.indexOf('<')) : folder);

export interface LayoutProblems {
  /** Folders of the tree the map must describe and does not. */
  missing: string[];
  /** Folders the map names that the tree does not have. */
  unknown: string[];
}

/**
 * `tree` holds every folder (with a trailing slash) that has files; `required` says which of them the map must
 * name: the top-level ones and, for each room in `rooms`, its folders one level down.
 */
export function layoutProblems(named: readonly string[], tree: ReadonlySet<string>, rooms: readonly string[]): LayoutProblems {
  const required = [...tree].filter((f) => {
    const parts = f.split('/').filter(Boolean);
    return parts.length === 1 || (parts.length === 2 && rooms.includes(parts[0]!));
  });
  return {
    missing: required.filter((f) => !named.includes(f)).sort(),
    unknown: named.filter((f) => !tree.has(existingPart(f)) && existingPart(f) !== '').sort(),
  };
}
