// Group commit: callers submit work and wait for it to be done; work submitted while a round runs is merged into
// the next round. One round in flight at a time, so a burst of small submissions (the batches of many partitions
// from one fetch) costs one round trip instead of one each, and an idle submission starts at once.
export interface GroupCommit<T> {
  /** Resolves when a round that included `items` finished; rejects with that round's error. */
  submit(items: readonly T[]): Promise<void>;
}

export interface GroupCommitOptions<T> {
  /** A round takes whole submissions while they add up to at most this many items (always at least one). */
  maxItems: number;
  /** How many items one submitted element counts for (default 1): a chunk of marks counts its marks. */
  weigh?: (item: T) => number;
}

interface Waiting<T> {
  items: readonly T[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

export function createGroupCommit<T>(round: (items: T[]) => Promise<void>, opts: GroupCommitOptions<T>): GroupCommit<T> {
  const queue: Waiting<T>[] = [];
  const weigh = opts.weigh ?? (() => 1);
  const weight = (items: readonly T[]) => items.reduce((n, item) => n + weigh(item), 0);
  let draining = false;

  const take = (): Waiting<T>[] => {
    const taken: Waiting<T>[] = [];
    for (let n = 0; queue.length > 0 && (taken.length === 0 || n + weight(queue[0]!.items) <= opts.maxItems); ) {
      const next = queue.shift()!;
      n += weight(next.items);
      taken.push(next);
    }
    return taken;
  };

  async function drain(): Promise<void> {
    // Submissions made in the same turn of the event loop (the batches of one fetch) join the first round.
    await new Promise((resolve) => setImmediate(resolve));
    while (queue.length > 0) {
      const taken = take();
      try {
        await round(taken.flatMap((w) => w.items));
        for (const w of taken) w.resolve();
      } catch (error) {
        for (const w of taken) w.reject(error);
      }
    }
    draining = false;
  }

  return {
    submit(items) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ items, resolve, reject });
        if (draining) return;
        draining = true;
        void drain();
      });
    },
  };
}
