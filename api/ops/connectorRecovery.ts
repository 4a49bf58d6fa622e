// Recovery without a human: a connector that an outage left stuck is restarted by the ops service once it has
// stayed stuck for a while, with a growing pause between attempts. Stuck means UNASSIGNED or FAILED (after a Kafka
// restart a single Connect worker can keep the connector UNASSIGNED while showing its task RUNNING), or a
// replication slot that confirms nothing while the WAL moves on (the heartbeat writes WAL every 250 ms, so a
// healthy connector always confirms): after a Kafka outage Connect can abandon a task whose graceful stop timed
// out without closing its replication connection, and the new task, shown RUNNING, retries "slot is active for
// PID n" forever. So a restart first ends the walsender holding the slot, then restarts connector and task.
// PAUSED is an operator's decision and never touched; an unregistered connector needs `sluice up connect`. The
// decision is pure; superviseConnector wraps the connector probe with it.
import type { Logger } from '../../lib/logger.js';
import type { SlotHolder } from './adapters/postgres/slot.js';
import type { ConnectorFigures, ConnectorRecovery } from './model.js';

export interface RecoveryPolicy {
  /** How long a connector stays stuck before the first restart (Connect's own rebalance gets this long). */
  stuckForMs: number;
  /** A slot that confirmed nothing this long while the WAL moved on counts as stuck. */
  stalledForMs: number;
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

/** Why the connector needs a restart given its state and how long its slot has confirmed nothing. */
export function reasonToRestart(figures: ConnectorFigures, stalledForMs: number, policy: RecoveryPolicy): string | undefined {
  const stuck = stuckReason(figures);
  if (stuck !== undefined || figures.state === 'PAUSED' || !figures.found) return stuck;
  return stalledForMs >= policy.stalledForMs ? `the replication slot confirmed nothing for ${Math.round(stalledForMs / 1000)} s while the WAL moved on` : undefined;
}

export const initialRecovery = (policy: RecoveryPolicy): RecoveryState => ({ restarts: 0, backoffMs: policy.backoffMs });

/** The next state, and the reason to restart now (if it is time). */
export function decideRecovery(state: RecoveryState, figures: ConnectorFigures, now: number, policy: RecoveryPolicy, stalledForMs = 0): { state: RecoveryState; restart?: string } {
  const reason = reasonToRestart(figures, stalledForMs, policy);
  if (reason === undefined) {
    const { stuckSince: _, ...rest } = state;
    return { state: { ...rest, backoffMs: policy.backoffMs } };
  }
  const stuckSince = state.stuckSince ?? now;
  const dueAt = state.lastRestartAt !== undefined && state.lastRestartAt >= stuckSince ? state.lastRestartAt + state.backoffMs : stuckSince + policy.stuckForMs;
  if (now < dueAt) return { state: { ...state, stuckSince } };
  const backoffMs = state.lastRestartAt !== undefined && state.lastRestartAt >= stuckSince ? Math.min(state.backoffMs * 2, policy.maxBackoffMs) : policy.backoffMs;
  return { state: { ...state, stuckSince, restarts: state.restarts + 1, lastRestartAt: now, lastReason: reason, backoffMs }, restart: reason };
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
  const restartNow = async (name: string, reason: string): Promise<void> => {
    logger.warn({ connector: name, reason, attempt: state.restarts }, 'restarting the connector');
    try {
      // A walsender left over from an abandoned task would keep the slot from the restarted one.
      const { activePid } = await slot.holder();
      if (activePid !== null && (await slot.terminate(activePid))) logger.warn({ pid: activePid }, 'ended the walsender holding the replication slot');
      await restart();
      const { lastError: _, ...rest } = state;
      state = rest;
    } catch (error) {
      state = { ...state, lastError: (error as Error).message };
      logger.error({ err: error, connector: name }, 'connector restart failed');
    }
  };
  return async () => {
    const [figures, stalledForMs] = await Promise.all([probe(), slot.holder().then(stalled, () => 0)]);
    const decided = decideRecovery(state, figures, now(), policy, stalledForMs);
    state = decided.state;
    if (decided.restart !== undefined) await restartNow(figures.name, decided.restart);
    return { ...figures, recovery: recoveryFigures(state, now(), policy) };
  };
}
