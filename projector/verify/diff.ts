// Field paths where two documents differ (`lines.0.name`), for verify's stale report.
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function diffPaths(expected: unknown, actual: unknown, prefix = ''): string[] {
  if (isObject(expected) && isObject(actual) && Array.isArray(expected) === Array.isArray(actual)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
    return keys.flatMap((key) => diffPaths(expected[key], actual[key], prefix ? `${prefix}.${key}` : key));
  }
  return Object.is(expected, actual) ? [] : [prefix || '(root)'];
}
