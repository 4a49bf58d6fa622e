// Resolves a projection's query marks (QueryMarks in model/projections/declaration.ts) against its declared fields:
// for each marked path, the public parameter name, the indexed field a filter, sort or facet uses, what kind of
// value it holds and the nested documents it lives in. Pure. A mark the derived routes cannot serve (an unknown path,
// a sort inside `many`, a type that cannot be sorted or faceted, two marks with one parameter name) throws
// when the query API is built, naming the projection and the path, so a bad declaration fails at start-up and in the
// unit tests, never on a request.
import type { FacetMark, FieldType, Fields, FilterMark, Projection } from '../../../model/projections/declaration.js';
import { lookup, markPath } from '../../../model/projections/marks.js';

/** How a value is queried: `search` is analyzed text with an exact `.keyword` subfield, `text` has no exact form. */
export type ValueKind = 'keyword' | 'search' | 'text' | 'integer' | 'number' | 'date' | 'boolean';

export interface QueryField {
  /** The document path, `customer.tier`. */
  path: string;
  /** Its query-string name, `customerTier`, or the one its mark gives. */
  param: string;
  kind: ValueKind;
  /** The field exact filters, sorts and facets use: the path, or its `.keyword` subfield for `search`. */
  exact: string;
  /** The `many` field it lives in (`lines`): its clauses are nested queries on that path. */
  nested?: string;
}

/** A filter: the field and what its mark adds (FilterMark). */
export type FilterField = QueryField & Omit<FilterMark, 'path' | 'param'>;

export interface DerivedQuery {
  name: string;
  filters: FilterField[];
  /** The sortable fields; `id` breaks ties whether it is among them or not. */
  sorts: QueryField[];
  /** The `sort` values offered, `<param>:asc|desc`, in the declared order. */
  sortNames: [string, ...string[]];
  /** Each facet with its number of buckets. */
  facets: (QueryField & { size: number })[];
  /** What `q` searches. */
  searchable: QueryField[];
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

const FACET_SIZE = 50;

function kindOf(type: FieldType): ValueKind | undefined {
  if (typeof type !== 'string') return 'number';
  const kinds: Record<typeof type, ValueKind | undefined> = {
    keyword: 'keyword', search: 'search', text: 'text', long: 'integer', integer: 'integer', double: 'number', date: 'date', boolean: 'boolean', geo_point: undefined,
  };
  return kinds[type];
}

const camel = (segments: readonly string[]) => segments.map((s, j) => (j === 0 ? s : s.charAt(0).toUpperCase() + s.slice(1))).join('');

function resolve(projection: Projection, path: string, use: Use): QueryField {
  const fail = (why: string) => new Error(`projection ${projection.name}: query mark ${path} ${why}`);
  const segments = path.split('.');
  let fields: Fields = projection.fields;
  let nested: string | undefined;
  for (const [i, segment] of segments.entries()) {
    const field = lookup(fields, segment);
    if (!field) throw fail('names no declared field');
    const last = i === segments.length - 1;
    if (field.kind === 'one' || field.kind === 'many') {
      if (last) throw fail('is an object, not a value');
      if (field.kind === 'many') {
        if (use === 'sortable') throw fail('is inside `many` (nested documents): it can be filterable, facetable or searchable, not sortable');
        if (nested !== undefined) throw fail('is inside two `many`: the derived routes nest one level');
        nested = segments.slice(0, i + 1).join('.');
      }
      fields = field.fields;
      continue;
    }
    if (!last) throw fail('goes past a value');
    const kind = kindOf(field.type);
    if (!kind) throw fail('has a type the derived routes cannot query');
    if (!ALLOWED[use].includes(kind)) throw new Error(`projection ${projection.name}: ${path} (${kind}) cannot be ${use}`);
    return { path, param: camel(segments), kind, exact: kind === 'search' ? `${path}.keyword` : path, ...(nested ? { nested } : {}) };
  }
  throw fail('is empty');
}

function filterOf(projection: Projection, mark: string | FilterMark): FilterField {
  if (typeof mark === 'string') return resolve(projection, mark, 'filterable');
  const { path, param, ...options } = mark;
  const field = resolve(projection, path, 'filterable');
  const fits = (option: keyof typeof options, kinds: readonly ValueKind[]) => {
    if (options[option] !== undefined && !kinds.includes(field.kind)) throw new Error(`projection ${projection.name}: ${option} of ${path} needs a ${kinds.join(' or ')} field, not ${field.kind}`);
  };
  fits('values', ['keyword']);
  fits('format', ['keyword']);
  for (const option of ['bounds', 'minimum', 'flag'] as const) fits(option, ['integer']);
  return { ...field, ...(param ? { param } : {}), ...options };
}

/** The parameter names a filter takes: one exact value or flag, or the bounds of a range. */
export function filterParams(f: FilterField): string[] {
  const cap = f.param.charAt(0).toUpperCase() + f.param.slice(1);
  if (f.flag) return [f.param];
  if (f.kind === 'integer' || f.kind === 'number') return (f.bounds ?? ['min', 'max']).map((b) => `${b}${cap}`);
  if (f.kind === 'date') return [`${f.param}From`, `${f.param}To`];
  return [f.param];
}

function sortsOf(projection: Projection): Pick<DerivedQuery, 'sorts' | 'sortNames'> {
  const marks = projection.query?.sortable ?? [];
  const sorts: QueryField[] = [];
  const names: string[] = [];
  for (const mark of marks.length ? marks : ['id']) {
    const [path = '', order] = mark.split(':');
    const field = sorts.find((s) => s.path === path) ?? resolve(projection, path, 'sortable');
    if (!sorts.includes(field)) sorts.push(field);
    if (order !== undefined && order !== 'asc' && order !== 'desc') throw new Error(`projection ${projection.name}: sortable ${mark} is not <field> or <field>:asc|desc`);
    names.push(...(order ? [`${field.param}:${order}`] : [`${field.param}:asc`, `${field.param}:desc`]));
  }
  return { sorts, sortNames: names as [string, ...string[]] };
}

function defaultSortOf(projection: Projection, sorts: readonly QueryField[], names: readonly string[]): string {
  const wanted = projection.query?.defaultSort;
  if (wanted === undefined) return names.includes(`${sorts[0]?.param}:asc`) ? `${sorts[0]?.param}:asc` : (names[0] ?? 'id:asc');
  const [path = '', order] = wanted.split(':');
  const name = `${sorts.find((s) => s.path === path)?.param}:${order}`;
  if (!names.includes(name)) throw new Error(`projection ${projection.name}: defaultSort ${wanted} is not <sortable field>:asc|desc`);
  return name;
}

function facetOf(projection: Projection, mark: string | FacetMark, filters: readonly FilterField[]) {
  const field = resolve(projection, markPath(mark), 'facetable');
  const values = filters.find((f) => f.path === field.path)?.values;
  return { ...field, ...(typeof mark === 'string' ? {} : { param: mark.param }), size: values?.length ?? FACET_SIZE };
}

const twice = <T>(items: readonly T[]) => items.find((x, i) => items.indexOf(x) !== i);

/** Everything the derived routes need from one declaration, checked. */
export function deriveQuery(projection: Projection): DerivedQuery {
  const q = projection.query ?? {};
  const filters = (q.filterable ?? []).map((m) => filterOf(projection, m));
  const { sorts, sortNames } = sortsOf(projection);
  const facets = (q.facetable ?? []).map((m) => facetOf(projection, m, filters));
  // A facet offers values to click on, so each one is also a filter (its exact value), marked or not.
  for (const f of facets) if (!filters.some((x) => x.path === f.path)) filters.push(filterOf(projection, { path: f.path, param: f.param }));
  const searchable = (q.searchable ?? []).map((path) => resolve(projection, path, 'searchable'));
  const clash = twice([...RESERVED_PARAMS, ...filters.flatMap(filterParams)]);
  if (clash !== undefined) throw new Error(`projection ${projection.name}: two query parameters are named ${clash}`);
  const facetClash = twice(facets.map((f) => f.param));
  if (facetClash !== undefined) throw new Error(`projection ${projection.name}: facetable ${facets.find((f) => f.param === facetClash)?.path} is marked twice`);
  const sortClash = twice(sortNames);
  if (sortClash !== undefined) throw new Error(`projection ${projection.name}: sort ${sortClash} is marked twice`);
  return { name: projection.name, filters, sorts, sortNames, facets, searchable, defaultSort: defaultSortOf(projection, sorts, sortNames) };
}
