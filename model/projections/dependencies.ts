// What a projection reads, derived from its declaration: every table it reads is a dependency, reached from the
// root through a path of hops, with the set of columns the projection reads there: shown columns, the columns
// computed and aggregate expressions declare, sort keys of arrays, and the join keys into and out of the table.
// Routing (routing.ts), the captured tables (captured.ts) and the before-image check (beforeImages.ts) build on it.
import type { TableName } from '../change/change.js';
import type { Fields, Hop, Projection } from './declaration.js';

export interface Dependency {
  table: TableName;
  path: readonly Hop[];
  /** The columns of `table` this projection reads along `path`, join keys included. */
  columns: ReadonlySet<string>;
}

interface Node {
  table: TableName;
  path: readonly Hop[];
  columns: Set<string>;
}

const signature = (path: readonly Hop[]): string => path.map((h) => `${h.table}.${h.key}=${h.parentKey}`).join('/');

/** Collects, per distinct path, the columns read at the table the path ends in. */
class NodeSet {
  readonly nodes = new Map<string, Node>();

  at(table: TableName, path: readonly Hop[], key: string): Node {
    const sig = signature(path);
    const node = this.nodes.get(sig) ?? { table, path, columns: new Set<string>([key]) };
    this.nodes.set(sig, node);
    return node;
  }

  /** An aggregate's path below `node`: each step reads its declared columns, its key and the next step's join. */
  aggregate(node: Node, path: readonly Hop[], reads: readonly (readonly string[])[]): void {
    let parent = node;
    path.forEach((step, i) => {
      parent.columns.add(step.parentKey);
      parent = this.at(step.table, [...parent.path, step], step.key);
      for (const column of reads[i] ?? []) parent.columns.add(column);
    });
  }

  fields(node: Node, fields: Fields): void {
    for (const field of Object.values(fields)) {
      switch (field.kind) {
        case 'column':
          node.columns.add(field.column);
          break;
        case 'computed':
          for (const column of field.reads) node.columns.add(column);
          break;
        case 'one':
        case 'many': {
          node.columns.add(field.hop.parentKey);
          const child = this.at(field.hop.table, [...node.path, field.hop], field.hop.key);
          if (field.kind === 'many') for (const column of field.orderBy) child.columns.add(column);
          this.fields(child, field.fields);
          break;
        }
        case 'aggregate':
          this.aggregate(node, field.path, field.reads);
          break;
        default: {
          const unreachable: never = field;
          throw new Error(`unknown field ${JSON.stringify(unreachable)}`);
        }
      }
    }
  }
}

const cache = new WeakMap<Projection, Dependency[]>();
const byTable = new WeakMap<Projection, Map<TableName, Dependency[]>>();

/** The root plus every distinct path the projection reads through, each with the columns read there. */
export function dependencies(projection: Projection): Dependency[] {
  const cached = cache.get(projection);
  if (cached) return cached;
  const set = new NodeSet();
  set.fields(set.at(projection.root.table, [], projection.root.key), projection.fields);
  const out = [...set.nodes.values()].map((n): Dependency => ({ table: n.table, path: n.path, columns: n.columns }));
  cache.set(projection, out);
  return out;
}

/** The dependencies of `projection` on `table` (cached: routing asks for every change). */
export function dependenciesOn(projection: Projection, table: TableName): readonly Dependency[] {
  let map = byTable.get(projection);
  if (!map) {
    map = new Map<TableName, Dependency[]>();
    for (const d of dependencies(projection)) map.set(d.table, [...(map.get(d.table) ?? []), d]);
    byTable.set(projection, map);
  }
  return map.get(table) ?? [];
}

