// An in-memory stand-in for the Postgres fan-out lookups: walks a dependency's path over rows held in arrays.
// Lets projection specs read "given these rows, when this change, then these dirty ids" without a database.
import type { Row } from '../model/change/change.js';
import type { RunLookup } from '../projector/operations.js';

export type Tables = Partial<Record<string, Row[]>>;

export function createMemoryLookup(tables: Tables): RunLookup {
  return async ({ projection, dependency }, values) => {
    const wanted = new Set(values);
    const last = dependency.path.at(-1);
    if (!last) return [];
    const out = new Map<string, { id: string; via: string }>();
    for (const root of tables[projection.root.table] ?? []) {
      let frontier: Row[] = [root];
      for (const step of dependency.path.slice(0, -1)) {
        frontier = frontier.flatMap((parent) => (tables[step.table] ?? []).filter((row) => row[step.key] === parent[step.parentKey]));
      }
      for (const parent of frontier) {
        const via = String(parent[last.parentKey]);
        const id = String(root[projection.root.key]);
        if (wanted.has(via)) out.set(`${id}/${via}`, { id, via });
      }
    }
    return [...out.values()];
  };
}
