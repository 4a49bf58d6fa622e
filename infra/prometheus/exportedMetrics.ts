// The metric names the Sluice processes export, read from their prom-client definitions, and the metric names a
// PromQL expression selects: what the alert rules (alerts.unit.spec.ts) and the Grafana dashboard
// (infra/grafana/grafana.unit.spec.ts) are checked against, so neither can name a metric that does not exist.
import { readFileSync } from 'node:fs';

/** Where the processes register their metrics (prom-client `name:` fields, named constants, the ops gauge table). */
export const METRIC_SOURCES = ['projector/metrics.ts', 'api/ops/lag/promMetrics.ts', 'api/http/observability.ts', 'api/command/app.ts'];

/** Series Prometheus makes itself for every target. */
const BUILT_IN = ['up'];

export function exportedMetrics(): Set<string> {
  const root = new URL('../../', import.meta.url);
  return new Set([
    ...BUILT_IN,
    ...METRIC_SOURCES.flatMap((file) =>
      [...readFileSync(new URL(file, root), 'utf8').matchAll(/(?:name: |\[|= )'([a-z][a-z0-9]*_[a-z0-9_]+)'/g)].map((m) => m[1] ?? ''),
    ),
  ]);
}

const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);
const HISTOGRAM_SERIES = /_(bucket|count|sum)$/;

/**
 * The metric names in a PromQL expression, with a histogram's _bucket/_count/_sum suffix taken off. Label
 * matchers, ranges, strings and the label lists of by/without/on/ignoring/group_left/group_right are dropped
 * first; what remains are functions (followed by a parenthesis), keywords, numbers and metric names.
 */
export function metricsIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  return [...bare.matchAll(/(?<![\w.])([a-zA-Z_:][\w:]*)\b(?!\s*\()/g)]
    .map((m) => m[1] ?? '')
    .filter((name) => !KEYWORDS.has(name.toLowerCase()))
    .map((name) => name.replace(HISTOGRAM_SERIES, ''));
}
