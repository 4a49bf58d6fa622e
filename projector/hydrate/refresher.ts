// Makes written documents searchable soon, and says when they were. Elasticsearch shows a write to searches only
// after a refresh; left to the index's own refresh_interval (1 s) that alone is the largest share of commit-to-
// searchable. After every acknowledged bulk round the hydrator tells this refresher what it wrote; a refresh of
// that alias follows at most `minIntervalMs` after the previous one began, one at a time, and only while there
// are writes (an idle index is never refreshed). When the refresh returns, every document acknowledged before it
// began is searchable: that moment is observed per document as the last stage of commit-to-searchable.
// A failed refresh is reported and dropped: the index's own refresh_interval still makes the documents visible.
// The progress tracker in the same process asks for "a refresh that begins from now on" through `refreshed` instead
// of refreshing on its own: under load the projector's next refresh serves it, so it costs no extra refresh (on
// two cores Elasticsearch has one refresh thread, and every extra refresh queues in front of the next ones).

export interface RefresherDeps {
  refresh: (alias: string) => Promise<void>;
  /** Seconds from commit to searchable, per document (the source commit time is `tsMs`). */
  observe: (alias: string, seconds: number) => void;
  minIntervalMs: number;
  now?: () => number;
  onError?: (alias: string, error: unknown) => void;
}

export interface Refresher {
  written(alias: string, tsMs: readonly number[]): void;
  /** Resolves once a refresh of `alias` that began after this call has returned (one is started if none is due). */
  refreshed(alias: string): Promise<void>;
  stop(): void;
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface AliasState {
  waiting: number[];
  waiters: Waiter[];
  inFlight: boolean;
  lastStart: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export function createRefresher(deps: RefresherDeps): Refresher {
  const now = deps.now ?? Date.now;
  const states = new Map<string, AliasState>();
  let stopped = false;

  function schedule(alias: string, state: AliasState): void {
    if (stopped || state.inFlight || state.timer || (state.waiting.length === 0 && state.waiters.length === 0)) return;
    const delay = Math.max(0, state.lastStart + deps.minIntervalMs - now());
    state.timer = setTimeout(() => void run(alias, state), delay);
  }

  async function run(alias: string, state: AliasState): Promise<void> {
    state.timer = undefined;
    const covered = state.waiting;
    const served = state.waiters;
    state.waiting = [];
    state.waiters = [];
    state.inFlight = true;
    state.lastStart = now();
    try {
      await deps.refresh(alias);
      const at = now();
      for (const tsMs of covered) if (Number.isFinite(tsMs)) deps.observe(alias, Math.max(0, at - tsMs) / 1000);
      for (const w of served) w.resolve();
    } catch (error) {
      deps.onError?.(alias, error);
      for (const w of served) w.reject(error);
    } finally {
      state.inFlight = false;
      schedule(alias, state);
    }
  }

  const stateOf = (alias: string): AliasState => {
    const state = states.get(alias) ?? { waiting: [], waiters: [], inFlight: false, lastStart: Number.NEGATIVE_INFINITY, timer: undefined };
    states.set(alias, state);
    return state;
  };

  return {
    written(alias, tsMs) {
      if (stopped) return;
      const state = stateOf(alias);
      state.waiting.push(...tsMs);
      // Something written without a known commit time still needs the refresh.
      if (tsMs.length === 0) state.waiting.push(Number.NaN);
      schedule(alias, state);
    },
    refreshed(alias) {
      if (stopped) return Promise.reject(new Error('the refresher is stopped'));
      const state = stateOf(alias);
      // A refresh in flight began before this call: the waiter is served by the one after it.
      const waited = new Promise<void>((resolve, reject) => state.waiters.push({ resolve, reject }));
      schedule(alias, state);
      return waited;
    },
    stop() {
      stopped = true;
      for (const state of states.values()) {
        clearTimeout(state.timer);
        for (const w of state.waiters.splice(0)) w.reject(new Error('the refresher is stopped'));
      }
    },
  };
}
