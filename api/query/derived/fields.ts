// Resolves a projection's query marks (QueryMarks in model/projections/define.ts) against its declared fields:
// for each marked path, the public parameter name, the indexed field a filter, sort or facet uses, and what kind of
// value it holds. Pure. A mark the derived routes cannot serve (an unknown path, a field inside `many`, a type that
// cannot be sorted or faceted, two marks with one parameter name) throws when the query API is built, naming the
// projection and the path, so a bad declaration fails at start-up and in the unit tests, never on a request.
import type { Field, Fields, FieldType, Projection } from '../../../model/projections/declaration.js';

/** How a value is queried: `search` is analyzed text with an exact `.keyword` subfield, `text` has no exact form. */
export type ValueKind = 'keyword' | 'search' | 'text' | 'integer' | 'number' | 'date' | 'boolean';

export interface QueryField {
  /** The document path, `customer.tier`. */
  path: string;
  /** Its query-string name, `customerTier`. */
  param: string;
  kind: ValueKind;
  /** The field exact filters, sorts and facets use: the path, or its `.keyword` subfield for `search`. */
  exact: string;
}

export interface DerivedQuery {
  name: string;
  filters: QueryField[];
  /** The sortable fields, `id` always among them. */
  sorts: QueryField[];
  facets: QueryField[];
  /** The document paths `q` searches. */
  searchable: string[];
  /** `<param>:asc|desc`. */
  defaultSort: string;
}

type Use = 'filterable' | 'sortable' | 'facetable' | 'searchable';

const ALLOWED: Record<Use, readonly ValueKind[]> = {
  filterable: ['keyword', 'search', 'integer', 'number', 'date', 'boolean'],
  sortable: ['keyword', 'search', 'integer', 'number', 'date', 'boolean'],
  facetable: ['keyword', 'search', 'integer'],
  searchable: ['keyword', 'search', 'text'],
};

/** Parameters every list route has; a marked field may not take their names. */
export const RESERVED_PARAMS = ['q', 'size', 'sort', 'cursor', 'minPosition', 'waitMs'] as const;

function kindOf(type: FieldType): ValueKind | undefined {
  if (typeof type !== 'string') return 'number';
  const kinds: Record<typeof type, ValueKind | undefined> = {
    keyword: 'keyword', search: 'search', text: 'text', long: 'integer', integer: 'integer', double: 'number', date: 'date', boolean: 'boolean', geo_point: undefined,
  };
  return kinds[type];
}

// A flattened `one` merges its fields into the parent object, so a name is looked up there too.
function lookup(fields: Fields, name: string): Field | undefined {
  if (Object.hasOwn(fields, name)) return fields[name];
  for (const f of Object.values(fields)) {
    const found = f.kind === 'one' && f.flatten ? lookup(f.fields, name) : undefined;
    if (found) return found;
  }
  return undefined;
}

function resolve(projection: Projection, path: string): QueryField {
  const fail = (why: string) => new Error(`projection ${projection.name}: query mark ${path} ${why}`);
  const segments = path.split('.');
  let fields: Fields = projection.fields;
  for (const [i, segment] of segments.entries()) {
    const field = lookup(fields, segment);
    if (!field) throw fail('names no declared field');
    const last = i === segments.length - 1;
    if (field.kind === 'many') throw fail('is inside `many` (nested documents): write a hand-written route for it');
    if (field.kind === 'one') {
      if (last) throw fail('is an object, not a value');
      fields = field.fields;
      continue;
    }
    if (!last) throw fail('goes past a value');
    const kind = kindOf(field.type);
    if (!kind) throw fail('has a type the derived routes cannot query');
    const param = segments.map((s, j) => (j === 0 ? s : s.charAt(0).toUpperCase() + s.slice(1))).join('');
    return { path, param, kind, exact: kind === 'search' ? `${path}.keyword` : path };
  }
  throw fail('is empty');
}

function marked(projection: Projection, use: Use): QueryField[] {
  return (projection.query?.[use] ?? []).map((path) => {
    const field = resolve(projection, path);
    if (!ALLOWED[use].includes(field.kind)) throw new Error(`projection ${projection.name}: ${path} (${field.kind}) cannot be ${use}`);
    return field;
  });
}

/** The parameter names a filter takes: one exact value, or the two bounds of a range. */
export function filterParams(f: QueryField): string[] {
  const cap = f.param.charAt(0).toUpperCase() + f.param.slice(1);
  if (f.kind === 'integer' || f.kind === 'number') return [`min${cap}`, `max${cap}`];
  if (f.kind === 'date') return [`${f.param}From`, `${f.param}To`];
  return [f.param];
}

function defaultSortOf(projection: Projection, sorts: readonly QueryField[]): string {
  const wanted = projection.query?.defaultSort;
  if (wanted === undefined) return `${sorts[0]?.param ?? 'id'}:asc`;
  const [path = '', order] = wanted.split(':');
  const field = sorts.find((s) => s.path === path);
  if (!field || (order !== 'asc' && order !== 'desc')) throw new Error(`projection ${projection.name}: defaultSort ${wanted} is not <sortable field>:asc|desc`);
  return `${field.param}:${order}`;
}

/** Everything the derived routes need from one declaration, checked. */
export function deriveQuery(projection: Projection): DerivedQuery {
  const filters = marked(projection, 'filterable');
  const sortable = marked(projection, 'sortable').filter((s) => s.path !== 'id');
  const sorts = [...sortable, resolve(projection, 'id')];
  const facets = marked(projection, 'facetable');
  const searchable = marked(projection, 'searchable').map((f) => f.path);
  const names = [...RESERVED_PARAMS, ...filters.flatMap(filterParams)];
  const clash = names.find((n, i) => names.indexOf(n) !== i);
  if (clash !== undefined) throw new Error(`projection ${projection.name}: two query parameters are named ${clash}`);
  const facetClash = facets.find((f, i) => facets.findIndex((g) => g.param === f.param) !== i);
  if (facetClash) throw new Error(`projection ${projection.name}: facetable ${facetClash.path} is marked twice`);
  return { name: projection.name, filters, sorts, facets, searchable, defaultSort: defaultSortOf(projection, sortable.length ? sortable : sorts) };
}
