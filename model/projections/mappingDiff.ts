// Compares a live Elasticsearch mapping with the one the code derives, field by field, so that start-up can say
// exactly what changed (`added lines.weight`) instead of "the mapping differs". Pure: no driver, no I/O.
export interface MappingDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

type Props = Record<string, unknown>;

const isObject = (v: unknown): v is Props => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every mapped field (objects included) with its own definition minus sub-properties, keyed by dotted path. */
function flatten(props: Props, prefix: string, out: Map<string, string>): Map<string, string> {
  for (const [name, value] of Object.entries(props)) {
    if (!isObject(value)) continue;
    const path = `${prefix}${name}`;
    const { properties, ...own } = value;
    out.set(path, canonical(own));
    if (isObject(properties)) flatten(properties, `${path}.`, out);
  }
  return out;
}

/** JSON with sorted keys: Elasticsearch echoes a mapping back in the same shape but not the same key order. */
export const canonical = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) => (isObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));

const top = (mapping: unknown): Props => (isObject(mapping) ? mapping : {});

export function diffMappings(live: unknown, code: unknown): MappingDiff {
  const a = flatten(top(top(live)['properties']), '', new Map());
  const b = flatten(top(top(code)['properties']), '', new Map());
  const diff: MappingDiff = { added: [], removed: [], changed: [] };
  for (const [path, def] of b) {
    if (!a.has(path)) diff.added.push(path);
    else if (a.get(path) !== def) diff.changed.push(path);
  }
  for (const path of a.keys()) if (!b.has(path)) diff.removed.push(path);
  // `dynamic: strict` is what keeps documents from growing fields; losing it is a change too.
  if (top(live)['dynamic'] !== top(code)['dynamic']) diff.changed.push('(dynamic)');
  return diff;
}

/** Mapping parameters Elasticsearch updates on an existing field (PUT _mapping), so no rebuild is needed. */
const IN_PLACE = ['coerce'];

const withoutInPlace = (def: string): string => {
  const parsed = JSON.parse(def) as Props;
  for (const key of IN_PLACE) delete parsed[key];
  return canonical(parsed);
};

/** The live mapping differs from the code's only in parameters an update in place can change (`coerce`). */
export function updatableInPlace(live: unknown, code: unknown): boolean {
  const diff = diffMappings(live, code);
  if (isSameMapping(diff) || diff.added.length + diff.removed.length > 0 || diff.changed.includes('(dynamic)')) return false;
  const a = flatten(top(top(live)['properties']), '', new Map());
  const b = flatten(top(top(code)['properties']), '', new Map());
  return diff.changed.every((path) => withoutInPlace(a.get(path) ?? '{}') === withoutInPlace(b.get(path) ?? '{}'));
}

export const isSameMapping = (diff: MappingDiff): boolean => diff.added.length + diff.removed.length + diff.changed.length === 0;

export function describeDiff(diff: MappingDiff): string {
  const parts = [
    diff.added.length ? `added ${diff.added.join(', ')}` : '',
    diff.removed.length ? `removed ${diff.removed.join(', ')}` : '',
    diff.changed.length ? `changed ${diff.changed.join(', ')}` : '',
  ];
  return parts.filter(Boolean).join('; ');
}
