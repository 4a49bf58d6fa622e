// What one hydration costs Postgres, read from its `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)`: the buffers it touched
// (hit or read: what grows with the store whatever the cache holds), the executor's time, and each scan with the
// relation, the index, the rows it returned over all its loops and its own buffers. `sluice projection describe`,
// the projector's start-up plan check and `npm run bench cost` read plans through this one parser.

export interface ScanStep {
  node: string;
  relation: string | null;
  index: string | null;
  /** Rows returned over every loop (a scan inside a nested loop runs once per outer row). */
  rows: number;
  loops: number;
  buffers: number;
}

export interface PlanCost {
  buffers: number;
  executionMs: number;
  scans: ScanStep[];
}

type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };

const num = (node: PlanNode, key: string): number => (typeof node[key] === 'number' ? node[key] : 0);
const str = (node: PlanNode, key: string): string | null => (typeof node[key] === 'string' ? node[key] : null);
const buffersOf = (node: PlanNode): number => num(node, 'Shared Hit Blocks') + num(node, 'Shared Read Blocks');

/** A scan's index: its own, or for a bitmap heap scan the one its bitmap index scan below it read. */
const indexOf = (node: PlanNode): string | null => str(node, 'Index Name') ?? (node.Plans ?? []).map(indexOf).find((i) => i !== null) ?? null;

function scansOf(node: PlanNode): ScanStep[] {
  const children = (node.Plans ?? []).flatMap(scansOf);
  const type = str(node, 'Node Type') ?? '?';
  if (!type.endsWith('Scan') || !str(node, 'Relation Name')) return children;
  const own = buffersOf(node) - (node.Plans ?? []).reduce((sum, child) => sum + buffersOf(child), 0);
  const loops = num(node, 'Actual Loops');
  const step = { node: type, relation: str(node, 'Relation Name'), index: indexOf(node), rows: num(node, 'Actual Rows') * loops, loops, buffers: own };
  return [step, ...children];
}

/** The statement whose output `planCost` reads. */
export const explainSql = (sql: string): string => `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`;

/** Parses the one row EXPLAIN (FORMAT JSON) returns (its `QUERY PLAN` column, parsed or as text). */
export function planCost(explained: unknown): PlanCost {
  const parsed: unknown = typeof explained === 'string' ? JSON.parse(explained) : explained;
  const top = (Array.isArray(parsed) ? parsed[0] : parsed) as { Plan?: PlanNode; 'Execution Time'?: number } | undefined;
  if (!top?.Plan) throw new Error('not an EXPLAIN (FORMAT JSON) result');
  return { buffers: buffersOf(top.Plan), executionMs: top['Execution Time'] ?? 0, scans: scansOf(top.Plan) };
}

/** `orders via orders_customer_placed_idx (1 rows, 4 buffers)`: one line per scan, for people. */
export const scanLine = (s: ScanStep): string =>
  `${s.node} on ${s.relation ?? '?'}${s.index ? ` via ${s.index}` : ''}: ${s.rows} rows in ${s.loops} loop(s), ${s.buffers} buffers`;
