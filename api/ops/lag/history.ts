// A short, bounded history of samples: the baseline for "over the last minute" figures and for throughput
// (a counter's growth divided by the time it took). Pure: the caller supplies every timestamp.
import type { Sample } from './sample.js';

export interface History {
  push(sample: Sample): void;
  samples(): readonly Sample[];
}

export function createHistory(capacity: number): History {
  const items: Sample[] = [];
  return {
    push(sample) {
      items.push(sample);
      if (items.length > capacity) items.splice(0, items.length - capacity);
    },
    samples: () => items,
  };
}

/** The newest earlier sample at least `windowMs` older than `now`, else the oldest one there is. */
export function baselineFor(samples: readonly Sample[], now: number, windowMs: number): Sample | undefined {
  const older = samples.filter((s) => s.at < now);
  const cutoff = now - windowMs;
  const beforeCutoff = older.filter((s) => s.at <= cutoff);
  return beforeCutoff.at(-1) ?? older[0];
}

/**
 * Per-second growth of a counter between the baseline and the current sample; null when either side could not
 * be measured. A counter that shrank (a restarted process, a recreated topic) gives no rate rather than a lie.
 */
export function ratePerSecond(
  current: Sample,
  baseline: Sample | undefined,
  pick: (sample: Sample) => number | undefined,
): number | null {
  if (!baseline || baseline.at >= current.at) return null;
  const now = pick(current);
  const before = pick(baseline);
  if (now === undefined || before === undefined || now < before) return null;
  return ((now - before) * 1000) / (current.at - baseline.at);
}
