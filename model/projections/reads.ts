// The definition-time check behind column-aware routing: an expression (computed field or aggregate) must read
// only the columns it declares. Each expression is rendered with marker aliases and every `<alias>.<column>` it
// produces is compared with its declaration; a bare alias (a whole-row reference such as `to_json(r)`) reads
// every column and is refused too. What no check can see is a column written without its alias, which the
// declaration style rules out: expressions receive their aliases precisely so that every reference carries one.
import type { Field, Fields, Projection } from './declaration.js';

const MARK = 'sluice_alias_';

const marker = (i: number): string => `${MARK}${i}`;

/** Problems in one rendered expression whose alias `i` may read `declared[i]`. */
function checkRendered(what: string, sql: string, declared: readonly (readonly string[])[]): string[] {
  const problems: string[] = [];
  for (const match of sql.matchAll(new RegExp(`\\b${MARK}(\\d+)\\b(\\.("?)([A-Za-z_][A-Za-z0-9_$]*)\\3)?`, 'g'))) {
    const i = Number(match[1]);
    const column = match[4];
    if (column === undefined) problems.push(`${what} uses the whole row of its table ${i + 1}; name the columns instead`);
    else if (!(declared[i] ?? []).includes(column)) problems.push(`${what} reads ${column} without declaring it in reads`);
  }
  return problems;
}

function fieldProblems(name: string, field: Field): string[] {
  switch (field.kind) {
    case 'column':
      return [];
    case 'computed':
      return checkRendered(`computed field ${name}`, field.sql(marker(0)), [field.reads]);
    case 'aggregate': {
      const arity = field.reads.length === field.path.length ? [] : [`aggregate ${name} declares reads for ${field.reads.length} tables, its path has ${field.path.length}`];
      return [...arity, ...checkRendered(`aggregate ${name}`, field.sql(field.path.map((_, i) => marker(i))), field.reads)];
    }
    case 'one':
    case 'many':
      return fieldsProblems(field.fields, `${name}.`);
    default: {
      const unreachable: never = field;
      throw new Error(`unknown field ${JSON.stringify(unreachable)}`);
    }
  }
}

function fieldsProblems(fields: Fields, prefix: string): string[] {
  return Object.entries(fields).flatMap(([name, field]) => fieldProblems(`${prefix}${name}`, field));
}

/** Every expression of the projection that reads a column it does not declare, in words; empty when sound. */
export const undeclaredReads = (projection: Pick<Projection, 'fields'>): string[] => fieldsProblems(projection.fields, '');
