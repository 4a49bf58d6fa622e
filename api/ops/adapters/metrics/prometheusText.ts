// Reads one histogram out of a Prometheus text exposition, summed over all label sets except `le` (the
// projector labels commit-to-indexed by projection; end-to-end freshness is over all of them).
import type { Histogram } from '../../lag/sample.js';

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})?\s+(\S+)/;
const LE = /(?:^|,)\s*le="([^"]*)"/;

const parseLe = (raw: string): number => (raw === '+Inf' ? Infinity : Number(raw));

export interface LabelledSample {
  labels: Record<string, string>;
  value: number;
}

const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
// The exposition format escapes a backslash, a double quote and a line feed in a label value.
const unescapeLabel = (raw: string): string => raw.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));

/** Every sample of one counter or gauge with its labels; `seen` is false when the text does not declare it. */
export function parseSamples(text: string, name: string): { seen: boolean; samples: LabelledSample[] } {
  const samples: LabelledSample[] = [];
  let seen = false;
  for (const line of text.split('\n')) {
    if (line.startsWith(`# TYPE ${name} `)) seen = true;
    const match = line.startsWith('#') ? null : SAMPLE.exec(line);
    if (!match || match[1] !== name) continue;
    const value = Number(match[3]);
    if (!Number.isFinite(value)) continue;
    seen = true;
    samples.push({ labels: Object.fromEntries([...(match[2] ?? '').matchAll(LABEL)].map((m) => [m[1]!, unescapeLabel(m[2]!)])), value });
  }
  return { seen, samples };
}

/** Undefined when the text has no series of that histogram (the projector never registered it). With `only`, just
 * the series whose labels include those values are summed. */
export function parseHistogram(text: string, name: string, only: Record<string, string> = {}): Histogram | undefined {
  const wanted = Object.entries(only);
  const matches = (labels: string) => wanted.every(([k, v]) => new RegExp(`(?:^|,)\\s*${k}="${v}"`).test(labels));
  const byLe = new Map<number, number>();
  let count = 0;
  let sum = 0;
  let seen = false;
  for (const line of text.split('\n')) {
    // A labelled histogram with no observation yet exports only its TYPE line: that is an empty histogram.
    if (line.startsWith(`# TYPE ${name} `)) seen = true;
    if (line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match) continue;
    const [, metric, labels = '', raw = ''] = match;
    if (wanted.length > 0 && metric?.startsWith(name) && !matches(labels)) continue;
    const value = Number(raw);
    if (!Number.isFinite(value)) continue;
    if (metric === `${name}_bucket`) {
      const le = LE.exec(labels)?.[1];
      if (le === undefined) continue;
      const bound = parseLe(le);
      byLe.set(bound, (byLe.get(bound) ?? 0) + value);
      seen = true;
    } else if (metric === `${name}_count`) {
      count += value;
      seen = true;
    } else if (metric === `${name}_sum`) {
      sum += value;
    }
  }
  if (!seen) return undefined;
  const buckets = [...byLe.entries()].sort(([a], [b]) => a - b).map(([le, n]) => ({ le, count: n }));
  return { buckets, count, sum };
}
