// What a projection declaration is: the shapes model/projections/define.ts builds and everything downstream reads
// (mapping, hydration SQL, routing, the query API's derived routes). Types only.
import type { TableName } from '../change/change.js';

/**
 * How a value is indexed, and how it leaves Postgres as JSON (projections/render.ts). `search` is analyzed text with
 * a `.keyword` subfield for filters, facets and sorting; `geo_point` reads a Postgres `point` (x = longitude,
 * y = latitude), see `geoPoint` for two numeric columns.
 */
export type ScalarType = 'keyword' | 'search' | 'text' | 'long' | 'integer' | 'double' | 'date' | 'boolean' | 'geo_point';

/**
 * A number kept to a fixed precision: rounded to 1/scalingFactor in SQL (100 keeps two decimals). Mapped as
 * `double`, because Elasticsearch's own `scaled_float` lives in the mapper-extras module, absent from the core-only
 * node (docs/design.md decision 9); values and queries are the same, only the disk saving is not.
 */
export interface ScaledFloat {
  type: 'scaled_float';
  scalingFactor: number;
}

export type FieldType = ScalarType | ScaledFloat;

/** `{ array: true }`: the column or expression is a Postgres array (text[], int[]...), indexed as many values. */
export interface ValueOptions {
  array?: boolean;
}

/** A join step: rows of `table` whose `key` equals the parent row's `parentKey`. */
export interface Hop {
  table: TableName;
  key: string;
  parentKey: string;
}

export type Field =
  | { kind: 'column'; column: string; type: FieldType; array: boolean }
  | { kind: 'computed'; reads: readonly string[]; sql: (row: string) => string; type: FieldType; array: boolean }
  | { kind: 'one'; hop: Hop; fields: Fields; flatten: boolean }
  | { kind: 'many'; hop: Hop; fields: Fields; orderBy: readonly string[] }
  | {
      kind: 'aggregate';
      path: readonly Hop[];
      /** `reads[i]`: the columns of `path[i]`'s table the expression reads (join keys are implied by the path). */
      reads: readonly (readonly string[])[];
      sql: (aliases: readonly string[]) => string;
      type: FieldType;
      /** The expression builds a JSON array itself (e.g. `json_agg`); its value is taken as it is. */
      array: boolean;
      /**
       * Latest-of (define.ts `latest`): the largest value of this column of the path's last table, read as
       * `ORDER BY <column> DESC LIMIT 1` over an index on (join key, column) instead of aggregating every row.
       */
      latest?: string;
      /**
       * Maintained from changes instead of recomputed (define.ts `aggregate` option, summary.ts): the rows of the
       * path's first table identified by `rowKey` (their primary key) each contribute their share to a summary row.
       */
      incremental?: { rowKey: readonly string[] };
    };

export type Fields = Readonly<Record<string, Field>>;

/**
 * A filter that needs more than its path: its public name, the values it accepts, or a test of its own. Each
 * option is what the OpenAPI document then shows (an enum, a UUID format, a minimum).
 */
export interface FilterMark {
  path: string;
  /** The query-string name when it is not the path in camelCase (`category` for `categories`); for a date, the stem of `<param>From`/`<param>To`. */
  param?: string;
  /** Keyword fields: the only values accepted; a facet over the field asks for that many buckets. */
  values?: readonly [string, ...string[]];
  /** Keyword fields: `uuid` accepts UUIDs only. */
  format?: 'uuid';
  /** Integer fields: the bounds offered, `min<Field>` and `max<Field>` by default. */
  bounds?: readonly ('min' | 'max')[];
  /** Integer fields: the lowest bound accepted. */
  minimum?: number;
  /** Integer fields: one `true`/`false` parameter instead of bounds; true keeps values of at least 1, false those of at most 0. */
  flag?: 'positive';
}

/** A facet answered under another name than the path in camelCase (`facets.category` for `categories`). */
export interface FacetMark {
  path: string;
  param: string;
}

/**
 * What the query API serves over a projection (api/query/derived, ADDING_A_PROJECTION.md, the projection's
 * README.md). Each entry is a document path: a field, or a field of a `one` object (`customer.tier`); filters and
 * `q` also reach into `many` (nested documents, `lines.sku`), sorts and facets do not. The query API checks each
 * path and its type when it starts.
 */
export interface QueryMarks {
  /** Keyword and boolean fields: an exact value (`?tier=gold`); numbers: `min<Field>`/`max<Field>`; dates: `<field>From`/`<field>To`. */
  filterable?: readonly (string | FilterMark)[];
  /**
   * `sort=<field>:asc|desc`, offered in this order; `<field>:desc` (or `:asc`) offers one direction only. `id` always
   * breaks ties; it is a sort of its own when marked, and the only one when nothing is.
   */
  sortable?: readonly string[];
  /** A terms aggregation per field, answered as `facets.<field>`. */
  facetable?: readonly (string | FacetMark)[];
  /** The fields the full text `q` searches. */
  searchable?: readonly string[];
  /** `<field>:asc|desc` over a sortable field; by default the first sortable field ascending, else `id:asc`. */
  defaultSort?: string;
  /**
   * Paths that hold personal data (a person's name, email). The query API serves them to the `queries` scope as
   * declared; the ops service's search neither searches nor shows them, so the `ops` scope reads no personal data.
   */
  personal?: readonly string[];
  /**
   * One document in words (`order`): GET /<name>/{id} is then `getOrder`, "One order document", and a miss "no order
   * with id ..."; by default `get<Name>ById`, "One document of <name>", "no <name> document with id ...".
   */
  noun?: string;
  /** The list's OpenAPI summary; by default "Search <name>; filters ...; facets ...". */
  summary?: string;
  /** `uuid`: ids are UUIDs and GET /<name>/{id} refuses anything else; by default any non-blank line of at most 200 characters. */
  idFormat?: 'uuid';
}

/** A table-built read model: rendered from Postgres rows (the event-built kind is eventDeclaration.ts). */
export interface Projection<N extends string = string> {
  /** Absent or 'table': what tells it from an event-built declaration (kind 'event') in model/registry.ts. */
  kind?: 'table';
  /** Also the alias and the index prefix: documents live in `<name>_v<version>` behind the alias `<name>`. */
  name: N;
  /** Bumped whenever the mapping changes: a new index is built and the alias swapped. */
  version: number;
  root: { table: TableName; key: string };
  fields: Fields;
  /** Optional: the fields the query API filters, sorts, facets and searches on (QueryMarks). */
  query?: QueryMarks;
}
