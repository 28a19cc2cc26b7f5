// What the balancer's parts share: one object per Balancer holding its clock, policy, per-station
// state, session table, shared-store hook and listeners. The Balancer class (index.ts) owns it and
// hands it to the plain functions of stations.ts, choose.ts, health.ts and session-routes.ts.
// Created once, so the per-request path allocates nothing for it.
import type { BalancerPolicy, BalancerShareHook, Clock, Logger, StationState } from '../types';
import type { Env } from './select';
import type { SessionTable } from './sessions';

export interface BalancerCore {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly env: Env;
  policy: BalancerPolicy;
  /** Keyed by `stationKey` (stations.ts). */
  states: Map<string, StationState>;
  readonly sessions: SessionTable;
  readonly listeners: Set<() => void>;
  readonly persistListeners: Set<() => void>;
  /** The shared store (docs/behaviour.md §11), when `[shared]` is on. */
  share: BalancerShareHook | null;
}

export function thresholdOf(policy: BalancerPolicy): number {
  // A threshold below 1 would block every upstream before it ever failed.
  return Math.max(1, Math.floor(policy.failureThreshold));
}

/** Visible changes (snapshot and state.json). */
export function emit(core: BalancerCore): void {
  notify(core, core.listeners);
}

/** Changes only state.json needs to hear about (session bindings and pins). */
export function emitPersist(core: BalancerCore): void {
  notify(core, core.persistListeners);
}

function notify(core: BalancerCore, listeners: Set<() => void>): void {
  for (const listener of [...listeners]) {
    try {
      listener();
    } catch (err) {
      // One faulty subscriber must not break balancing for the request that triggered it.
      core.logger.error(`balancer change listener failed: ${String(err)}`);
    }
  }
}
