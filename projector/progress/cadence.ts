// A loop that is fast while things move and quiet while nothing does. Each step reports whether it saw movement (a new
// snapshot, a cycle passing a stage, a publication). Within `graceMs` of the last movement or wake the step runs every
// `fastMs`, so a change in flight is followed at full speed; after that the pause doubles up to `idleMs`, so an idle
// stack is asked about its offsets a few times a minute instead of forty times a second. `wake()` is the event that
// ends a pause at once: the projector calls it when a change record arrives, so the first write after a quiet spell
// waits for no timer.
export interface CadenceOptions {
  fastMs: number;
  /** The longest pause while nothing moves. */
  idleMs: number;
  /** How long after the last movement the loop stays at `fastMs` (default 1 s). */
  graceMs?: number;
  now: () => number;
  onError: (error: unknown) => void;
}

export interface Cadence {
  start(): void;
  /** Runs the step now (or right after the one in flight) and returns to the fast pace. */
  wake(): void;
  /** Resolves once the step in flight has finished; none starts afterwards. */
  stop(): Promise<void>;
}

/** The pause before the next step: fast within the grace period, then doubling from the last pause up to idleMs. */
export function nextPause(o: Pick<CadenceOptions, 'fastMs' | 'idleMs'> & { graceMs: number }, sinceMovementMs: number, lastPauseMs: number): number {
  if (sinceMovementMs < o.graceMs) return o.fastMs;
  return Math.min(o.idleMs, Math.max(o.fastMs, lastPauseMs) * 2);
}

export function createCadence(step: () => Promise<boolean>, o: CadenceOptions): Cadence {
  const grace = { fastMs: o.fastMs, idleMs: Math.max(o.fastMs, o.idleMs), graceMs: o.graceMs ?? 1_000 };
  let running = false;
  let busy = false;
  let again = false;
  let current: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let lastMovement = o.now();
  let pause = o.fastMs;

  const run = async (): Promise<void> => {
    timer = undefined;
    busy = true;
    const began = o.now();
    try {
      if (await step()) lastMovement = o.now();
    } catch (error) {
      o.onError(error);
    }
    busy = false;
    if (!running) return;
    if (again) {
      again = false;
      pause = o.fastMs;
      current = run();
      return;
    }
    pause = nextPause(grace, o.now() - lastMovement, pause);
    timer = setTimeout(() => void (current = run()), Math.max(0, pause - (o.now() - began)));
  };

  return {
    start() {
      if (running) return;
      running = true;
      lastMovement = o.now();
      current = run();
    },
    wake() {
      lastMovement = o.now();
      if (!running) return;
      if (busy) {
        again = true;
        return;
      }
      if (timer === undefined) return;
      clearTimeout(timer);
      pause = o.fastMs;
      current = run();
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      timer = undefined;
      // A wake during the last step may have chained one more: wait until the newest has finished.
      for (let seen: Promise<void> | undefined; seen !== current; ) await (seen = current);
    },
  };
}
