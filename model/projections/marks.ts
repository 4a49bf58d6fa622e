// Reading a declaration's query marks (QueryMarks in declaration.ts) as plain document paths, for whoever needs the
// paths rather than the routes: the summary of a document, the ops search. Pure.
import type { FacetMark, Field, Fields, FilterMark, Projection } from './declaration.js';

/** The document path a filter or facet mark names. */
export const markPath = (mark: string | FilterMark | FacetMark): string => (typeof mark === 'string' ? mark : mark.path);

/** `placedAt:desc` -> `placedAt`: a sort mark may name one direction. */
export const sortPath = (mark: string): string => mark.replace(/:(asc|desc)$/, '');

/** A field by name; a flattened `one` merges its fields into the parent object, so a name is looked up there too. */
export function lookup(fields: Fields, name: string): Field | undefined {
  if (Object.hasOwn(fields, name)) return fields[name];
  for (const f of Object.values(fields)) {
    const found = f.kind === 'one' && f.flatten ? lookup(f.fields, name) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** Whether a path goes through a `many` field: its values live in nested documents, apart from the root's. */
export function insideMany(fields: Fields, path: string): boolean {
  const [first = '', ...rest] = path.split('.');
  const field = lookup(fields, first);
  if (field?.kind === 'many') return true;
  return field?.kind === 'one' && rest.length > 0 && insideMany(field.fields, rest.join('.'));
}

/** Every path a declaration marks for query use on the root document (none inside `many`), `id` first, once each. */
export const markedPaths = (projection: Projection): string[] => {
  const q = projection.query ?? {};
  const paths = ['id', ...(q.searchable ?? []), ...(q.facetable ?? []).map(markPath), ...(q.filterable ?? []).map(markPath), ...(q.sortable ?? []).map(sortPath)];
  return [...new Set(paths.filter((p) => !insideMany(projection.fields, p)))];
};
