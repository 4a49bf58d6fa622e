// Derives the Elasticsearch mapping from a projection. Core features only (docs/design.md decision 9): the
// standard analyzer, keyword subfields for filters and facets, `nested` for arrays of objects, and
// `dynamic: strict` so that a document can never grow a field the projection did not declare.
import type { Field, Fields, FieldType, Projection } from './declaration.js';

export type MappingProperty = Readonly<Record<string, unknown>>;

/** Elasticsearch has no array type: an array of scalars (`{ array: true }`) is mapped as its element. */
export const typeMapping = (type: FieldType): MappingProperty => {
  // scaled_float is in mapper-extras, absent here: a double holding values rounded in SQL (define.ts ScaledFloat).
  if (typeof type === 'object') return { type: 'double' };
  switch (type) {
    case 'search':
      return { type: 'text', analyzer: 'standard', fields: { keyword: { type: 'keyword', ignore_above: 256 } } };
    case 'text':
      // Large free text (an order note) is searchable but never a keyword: a keyword would drop it silently.
      return { type: 'text', analyzer: 'standard' };
    case 'keyword':
      return { type: 'keyword', ignore_above: 256 };
    case 'long':
    case 'integer':
      // Without `coerce: false` Elasticsearch truncates 0.99 to 0 in the index (keeping 0.99 in `_source`) and
      // parses "12" as 12: a column retyped under the projector (docs/reliability.md T23) would be wrong in every
      // search and sum, silently. Refused, the document is a per-item 400: dead-lettered, its partition flowing.
      return { type, coerce: false };
    case 'double':
    case 'date':
    case 'boolean':
    case 'geo_point':
      return { type };
    default: {
      const unreachable: never = type;
      throw new Error(`unknown field type ${String(unreachable)}`);
    }
  }
};

function fieldProperties(fields: Fields): Record<string, MappingProperty> {
  const properties: Record<string, MappingProperty> = {};
  for (const [name, field] of Object.entries(fields)) Object.assign(properties, fieldProperty(name, field));
  return properties;
}

function fieldProperty(name: string, field: Field): Record<string, MappingProperty> {
  switch (field.kind) {
    case 'column':
    case 'computed':
    case 'aggregate':
      return { [name]: typeMapping(field.type) };
    case 'one':
      return field.flatten ? fieldProperties(field.fields) : { [name]: { properties: fieldProperties(field.fields) } };
    case 'many':
      return { [name]: { type: 'nested', properties: fieldProperties(field.fields) } };
    default: {
      const unreachable: never = field;
      throw new Error(`unknown field ${JSON.stringify(unreachable)}`);
    }
  }
}

export const indexMapping = (projection: Projection): MappingProperty => ({
  dynamic: 'strict',
  properties: fieldProperties(projection.fields),
});

/** Paths of every leaf field, e.g. `lines.sku`: what a `dynamic: strict` index may hold, no more. */
export function leafPaths(projection: Projection): string[] {
  const walk = (props: Record<string, unknown>, prefix: string): string[] =>
    Object.entries(props).flatMap(([name, value]) => {
      const nested = (value as { properties?: Record<string, unknown> }).properties;
      return nested ? walk(nested, `${prefix}${name}.`) : [`${prefix}${name}`];
    });
  return walk(fieldProperties(projection.fields), '');
}
