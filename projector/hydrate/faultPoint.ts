// Test-only fault injection into a real projector process (docs/reliability.md T01, T29). SLUICE_FAULT names a
// point of the hydrate stage and the chunk it hits, counted from the start of the process:
//   after-bulk[:n]  SIGKILL once Elasticsearch acknowledged the n-th chunk's bulk, before its offset is committed;
//   before-bulk[:n] SIGKILL before the n-th chunk's bulk is sent (the control-like variant);
//   slow-batch:<ms>[:n[:m]]  stall the n-th chunk (counting only chunks of at least m marks) for <ms> between its
//                   bulk and its commit, without a heartbeat, so a stall longer than the consumer session gets the
//                   member evicted and the chunk redelivered;
//   rebuild-halfway `sluice rebuild` kills itself once half is loaded (bin/projectionCommands.ts).
// Read once at start; unset (`none`) no hook is installed, so the stage pays nothing. Production refuses any
// value but `none` (lib/production.ts).
import type { FaultHook, FaultPoint } from './hydrateStage.js';

export type FaultSpec =
  | { kind: 'none' }
  | { kind: 'kill'; point: FaultPoint; nth: number }
  | { kind: 'stall'; ms: number; nth: number; minMarks: number }
  | { kind: 'rebuild-halfway' };

export const FAULT_FORMAT = 'none | after-bulk[:n] | before-bulk[:n] | slow-batch:<ms>[:n[:m]] | rebuild-halfway';

const count = (raw: string | undefined): number | undefined => {
  if (raw === undefined) return 1;
  return /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : undefined;
};

/** The parsed setting, or undefined when it does not follow FAULT_FORMAT. */
export function parseFault(raw: string): FaultSpec | undefined {
  const [point, a, b, c, ...rest] = raw.trim().split(':');
  if (rest.length > 0 || (c !== undefined && point !== 'slow-batch')) return undefined;
  if ((point === 'none' || point === 'rebuild-halfway') && a === undefined) return { kind: point };
  if (point === 'after-bulk' || point === 'before-bulk') {
    const nth = b === undefined ? count(a) : undefined;
    return nth === undefined ? undefined : { kind: 'kill', point, nth };
  }
  if (point === 'slow-batch' && a !== undefined) {
    const ms = count(a);
    const nth = count(b);
    const minMarks = c === undefined ? 0 : count(c);
    return ms === undefined || nth === undefined || minMarks === undefined ? undefined : { kind: 'stall', ms, nth, minMarks };
  }
  return undefined;
}

export interface FaultActions {
  /** Says where the fault fires, synchronously (the process may die right after). */
  say: (line: string) => void;
  kill: () => void;
  sleep: (ms: number) => Promise<void>;
}

/** The hydrate stage's hook for a spec; undefined when the spec installs none there. */
export function faultHook(spec: FaultSpec, act: FaultActions): FaultHook | undefined {
  if (spec.kind !== 'kill' && spec.kind !== 'stall') return undefined;
  const point: FaultPoint = spec.kind === 'kill' ? spec.point : 'after-bulk';
  let seen = 0;
  let fired = false;
  return async (at, where) => {
    if (at !== point || fired) return;
    if (spec.kind === 'stall' && where.marks < spec.minMarks) return;
    seen += 1;
    if (seen < spec.nth) return;
    fired = true;
    const coordinates = `${where.topic}/${where.partition}@${where.offset}, ${where.marks} marks`;
    if (spec.kind === 'kill') {
      act.say(`SLUICE_FAULT: SIGKILL at ${at} of chunk ${seen} (${coordinates})`);
      act.kill();
      return;
    }
    act.say(`SLUICE_FAULT: stalling chunk ${seen} for ${spec.ms} ms at ${at} (${coordinates})`);
    await act.sleep(spec.ms);
    act.say(`SLUICE_FAULT: stall of chunk ${seen} over`);
  };
}
