// Whether the Elasticsearch type a declaration gives a column can hold what Postgres keeps in it. A `numeric(10,2)`
// declared `long` is accepted by Elasticsearch without a word (0.99 stays in `_source`), but it indexes 0: a range
// `gte 0.5` finds nothing and a sum says 0, and a verify that compares sources sees nothing wrong. So a mismatch is
// refused before anything is written, naming the projection, the field, the column and both types. Pure; the
// catalog is read by the projector's start-up check.
import type { FieldType, Fields, Projection } from './declaration.js';

/** A column as information_schema.columns describes it. */
export interface ColumnType {
  /** `data_type`: `numeric`, `bigint`, `text`, `ARRAY`, `USER-DEFINED`... */
  dataType: string;
  /** `udt_name`: the element type of an array (`_int4`), an enum's or domain's own name. */
  udtName: string;
  numericScale: number | null;
}

/** One column a declaration reads as a value: where it is and the type it is declared as. */
export interface DeclaredColumn {
  field: string;
  table: string;
  column: string;
  type: FieldType;
  array: boolean;
}

const INTEGERS = ['smallint', 'integer'];
const WHOLE = [...INTEGERS, 'bigint'];
const NUMBERS = [...WHOLE, 'numeric', 'real', 'double precision'];
const DATES = ['date', 'timestamp without time zone', 'timestamp with time zone'];
const ARRAY_ELEMENTS: Record<string, string> = { _int2: 'smallint', _int4: 'integer', _int8: 'bigint', _numeric: 'numeric', _float4: 'real', _float8: 'double precision', _bool: 'boolean', _date: 'date', _timestamp: 'timestamp without time zone', _timestamptz: 'timestamp with time zone' };

/** The columns a projection reads as values (computed fields and aggregates are SQL of their own, checked by running it). */
export function declaredColumns(projection: Projection): DeclaredColumn[] {
  const found: DeclaredColumn[] = [];
  const walk = (fields: Fields, table: string, prefix: string) => {
    for (const [name, field] of Object.entries(fields)) {
      const path = prefix ? `${prefix}.${name}` : name;
      if (field.kind === 'column') found.push({ field: path, table, column: field.column, type: field.type, array: field.array });
      else if (field.kind === 'one' || field.kind === 'many') walk(field.fields, field.hop.table, path);
    }
  };
  walk(projection.fields, projection.root.table, '');
  return found;
}

/** Why `declared` cannot hold the column's values, or undefined when it can. */
export function typeMismatch(declared: DeclaredColumn, actual: ColumnType): string | undefined {
  const isArray = actual.dataType === 'ARRAY';
  if (isArray !== declared.array) return isArray ? 'is an array: declare it with { array: true }' : 'is not an array, but is declared with { array: true }';
  const pgType = isArray ? (ARRAY_ELEMENTS[actual.udtName] ?? actual.udtName) : actual.dataType;
  const es = typeof declared.type === 'string' ? declared.type : 'scaled_float';
  const fits: Record<typeof es, (t: string) => boolean> = {
    integer: (t) => INTEGERS.includes(t),
    long: (t) => WHOLE.includes(t) || (t === 'numeric' && actual.numericScale === 0),
    double: (t) => NUMBERS.includes(t),
    scaled_float: (t) => NUMBERS.includes(t),
    date: (t) => DATES.includes(t),
    boolean: (t) => t === 'boolean',
    geo_point: (t) => t === 'point',
    keyword: () => true,
    search: () => true,
    text: () => true,
  };
  if (fits[es](pgType)) return undefined;
  const fix = pgType === 'numeric' || pgType === 'real' || pgType === 'double precision' ? `; a fraction needs scaledFloat(${10 ** (actual.numericScale ?? 2)}) or 'double'` : '';
  return `is ${pgType}${actual.numericScale ? ` (scale ${actual.numericScale})` : ''}, which Elasticsearch type ${es} cannot hold${fix}`;
}

/** Every mismatch of a projection, one line each; a column the catalog does not show is left to the decoder's check. */
export function columnTypeProblems(projection: Projection, catalog: ReadonlyMap<string, ColumnType>): string[] {
  return declaredColumns(projection).flatMap((d) => {
    const actual = catalog.get(`${d.table}.${d.column}`);
    const why = actual && typeMismatch(d, actual);
    return why ? [`projection ${projection.name}: field ${d.field} reads ${d.table}.${d.column}, which ${why}`] : [];
  });
}
