// Watches that no document's version ever moves backwards, across readings that may overlap in time (the fault
// sampler and the judge's convergence loop read Elasticsearch concurrently). Only readings ordered in real time
// are compared: a reading whose answer arrived before another reading's request was sent must not show a higher
// version than it. Two overlapping readings may legitimately disagree: the one answered last may have read the
// document first, before a newer write, so comparing them in arrival order reported versions going backwards
// that Elasticsearch never showed.

export interface VersionWatch {
  /** Called just before a reading's request is sent; its mark goes with every version that reading returns. */
  begin(): number;
  see(key: string, version: number, begun: number): void;
  backwards(): string[];
}

interface History {
  /** When each answer arrived (the watch's clock), ascending. */
  at: number[];
  /** The highest version among the answers up to and including each index. */
  highest: number[];
}

/** The highest version among the answers that arrived before `mark`, 0 if none did. */
function highestBefore(h: History, mark: number): number {
  let lo = 0;
  let hi = h.at.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (h.at[mid]! < mark) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 0 : h.highest[lo - 1]!;
}

export function createVersionWatch(): VersionWatch {
  // A logical clock: a begin and an answer each take the next tick, so "arrived before sent" is a strict order.
  let clock = 0;
  const seen = new Map<string, History>();
  const back = new Map<string, string>();
  return {
    begin: () => ++clock,
    see(key, version, begun) {
      const h = seen.get(key) ?? { at: [], highest: [] };
      seen.set(key, h);
      const before = highestBefore(h, begun);
      if (version < before) back.set(key, `${key} went from version ${before} to ${version}`);
      h.at.push(++clock);
      h.highest.push(Math.max(version, h.highest.at(-1) ?? 0));
    },
    backwards: () => [...back.values()],
  };
}
