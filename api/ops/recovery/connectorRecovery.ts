// Recovery without a human: a connector that an outage left stuck is restarted by the ops service once it has
// stayed stuck for a while, with a growing pause between attempts. Stuck means UNASSIGNED or FAILED (after a Kafka
// restart a single Connect worker can keep the connector UNASSIGNED while showing its task RUNNING), or a
// replication slot that confirms nothing while the WAL moves on (the heartbeat writes WAL every 250 ms, so a
// healthy connector always confirms): after a Kafka outage Connect can abandon a task whose graceful stop timed
// out without closing its replication connection, and the new task, shown RUNNING, retries "slot is active for
// PID n" forever. For a stalled slot the remedy is to end the walsender holding it and leave the task alone: the
// new task first waits about a minute per metrics bean the abandoned task still registers (Debezium retries them
// 12 x 5 s), then retries the slot every 10 s and finds it free; a connector restart would only start that wait
// over. Only a stall without any holder that outlasts `stalledRestartMs` restarts the connector. A stuck connector
// (UNASSIGNED, FAILED) is restarted, after ending the walsender too. PAUSED is an operator's decision and never touched; an unregistered connector needs `sluice up connect`. The
// decision is pure; superviseConnector wraps the connector probe with it.
import type { Logger } from '../../../lib/logger.js';
import type { ConnectorFigures, ConnectorRecovery } from '../lag/sample.js';

export interface RecoveryPolicy {
  /** How long a connector stays stuck before the first restart (Connect's own rebalance gets this long). */
  stuckForMs: number;
  /** A slot that confirmed nothing this long while the WAL moved on counts as stuck. */
  stalledForMs: number;
  /** A stalled slot that nobody holds this long gets the connector restarted. */
  stalledRestartMs: number;
  /** Pause before the next attempt while it stays stuck; doubles per attempt up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
}

export interface RecoveryState {
  stuckSince?: number;
  restarts: number;
  lastRestartAt?: number;
  lastReason?: string;
  lastError?: string;
  backoffMs: number;
}

const STUCK = new Set(['UNASSIGNED', 'FAILED']);

/** Why the connector needs a restart, or undefined when it runs (or is paused, or not there at all). */
export function stuckReason(c: ConnectorFigures): string | undefined {
  if (!c.found || c.state === 'PAUSED') return undefined;
  if (STUCK.has(c.state)) return `connector ${c.state}`;
  const task = c.tasks.find((t) => STUCK.has(t.state));
  if (task) return `task ${task.id} ${task.state}${task.trace ? `: ${task.trace}` : ''}`;
  if (c.state === 'RUNNING' && c.tasks.length === 0) return 'connector RUNNING without a task';
  return undefined;
}

export type RecoveryAction = 'restart' | 'end-walsender';

export interface SlotStall {
  stalledForMs: number;
  /** The walsender holding the slot, if any. */
  holder: number | null;
}

/** What to do about the connector and why, or undefined while there is nothing to do (yet). */
export function remedy(figures: ConnectorFigures, slot: SlotStall, policy: RecoveryPolicy): { action: RecoveryAction; reason: string } | undefined {
  const stuck = stuckReason(figures);
  if (stuck !== undefined) return { action: 'restart', reason: stuck };
  if (figures.state === 'PAUSED' || !figures.found || slot.stalledForMs < policy.stalledForMs) return undefined;
  const stalled = `the replication slot confirmed nothing for ${Math.round(slot.stalledForMs / 1000)} s while the WAL moved on`;
  if (slot.holder !== null) return { action: 'end-walsender', reason: `${stalled} (held by walsender ${slot.holder})` };
  return slot.stalledForMs >= policy.stalledRestartMs ? { action: 'restart', reason: `${stalled}, and no task took the slot` } : undefined;
}

export const initialRecovery = (policy: RecoveryPolicy): RecoveryState => ({ restarts: 0, backoffMs: policy.backoffMs });

/** The next state, and the reason to restart now (if it is time). */
export function decideRecovery(
  state: RecoveryState,
  figures: ConnectorFigures,
  now: number,
  policy: RecoveryPolicy,
  slot: SlotStall = { stalledForMs: 0, holder: null },
): { state: RecoveryState; action?: RecoveryAction; reason?: string } {
  const found = remedy(figures, slot, policy);
  if (found === undefined) {
    const { stuckSince: _, ...rest } = state;
    return { state: { ...rest, backoffMs: policy.backoffMs } };
  }
  const stuckSince = state.stuckSince ?? now;
  const dueAt = state.lastRestartAt !== undefined && state.lastRestartAt >= stuckSince ? state.lastRestartAt + state.backoffMs : stuckSince + policy.stuckForMs;
  if (now < dueAt) return { state: { ...state, stuckSince } };
  const backoffMs = state.lastRestartAt !== undefined && state.lastRestartAt >= stuckSince ? Math.min(state.backoffMs * 2, policy.maxBackoffMs) : policy.backoffMs;
  return { state: { ...state, stuckSince, restarts: state.restarts + 1, lastRestartAt: now, lastReason: `${found.action}: ${found.reason}`, backoffMs }, ...found };
}

/** What the report shows: what was done and, while stuck, when the next attempt comes. */
export function recoveryFigures(state: RecoveryState, now: number, policy: RecoveryPolicy): ConnectorRecovery {
  const stuck = state.stuckSince !== undefined;
  const retried = state.lastRestartAt !== undefined && stuck && state.lastRestartAt >= (state.stuckSince as number);
  const nextAt = !stuck ? undefined : retried ? (state.lastRestartAt as number) + state.backoffMs : (state.stuckSince as number) + policy.stuckForMs;
  return {
    restarts: state.restarts,
    ...(state.lastRestartAt !== undefined ? { lastRestartAt: new Date(state.lastRestartAt).toISOString() } : {}),
    ...(state.lastReason !== undefined ? { lastReason: state.lastReason } : {}),
    ...(state.lastError !== undefined ? { lastError: state.lastError } : {}),
    ...(stuck ? { stuckForMs: now - (state.stuckSince as number) } : {}),
    ...(nextAt !== undefined ? { nextAttemptInMs: Math.max(0, nextAt - now) } : {}),
  };
}

/** Who holds the replication slot (adapters/postgres/slot.ts reads it from pg_replication_slots). */
export interface SlotHolder {
  /** The walsender holding the slot, or null when the slot is free. */
  activePid: number | null;
  confirmedLsn: string | null;
  currentLsn: string;
}

export interface SlotWatch {
  holder: () => Promise<SlotHolder>;
  terminate: (pid: number) => Promise<boolean>;
}

export interface SupervisorOptions {
  probe: () => Promise<ConnectorFigures>;
  restart: () => Promise<void>;
  slot: SlotWatch;
  policy: RecoveryPolicy;
  logger: Logger;
  now?: () => number;
}

/** How long the slot's confirmed position has not moved while the WAL did (0 while it keeps up or moves). */
function createStallClock(now: () => number) {
  let last: { confirmed: string | null; since: number } | undefined;
  return (h: SlotHolder): number => {
    const t = now();
    if (!last || last.confirmed !== h.confirmedLsn || h.confirmedLsn === h.currentLsn) last = { confirmed: h.confirmedLsn, since: t };
    return t - last.since;
  };
}

/** The connector probe, restarting the connector when the policy says so; its figures carry the recovery. */
export function superviseConnector({ probe, restart, slot, policy, logger, now = Date.now }: SupervisorOptions): () => Promise<ConnectorFigures> {
  let state = initialRecovery(policy);
  const stalled = createStallClock(now);
  const act = async (name: string, action: RecoveryAction, reason: string, holder: number | null): Promise<void> => {
    logger.warn({ connector: name, action, reason, attempt: state.restarts }, 'recovering the connector');
    try {
      // A walsender left over from an abandoned task keeps the slot from the task that should stream.
      if (holder !== null && (await slot.terminate(holder))) logger.warn({ pid: holder }, 'ended the walsender holding the replication slot');
      if (action === 'restart') await restart();
      const { lastError: _, ...rest } = state;
      state = rest;
    } catch (error) {
      state = { ...state, lastError: (error as Error).message };
      logger.error({ err: error, connector: name }, 'connector recovery failed');
    }
  };
  return async () => {
    const [figures, observed] = await Promise.all([
      probe(),
      slot.holder().then((h) => ({ stalledForMs: stalled(h), holder: h.activePid }), () => ({ stalledForMs: 0, holder: null })),
    ]);
    const decided = decideRecovery(state, figures, now(), policy, observed);
    state = decided.state;
    if (decided.action !== undefined) await act(figures.name, decided.action, decided.reason ?? '', observed.holder);
    return { ...figures, recovery: recoveryFigures(state, now(), policy) };
  };
}
