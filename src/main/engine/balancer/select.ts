// Selection (docs/behaviour.md §2.3 and §2.7). `pick` and the predicates only read a station's
// state; `expireCooldowns` is the one step that changes it (a passed cooldown is cleared).
// Runs on every request: O(n) over the station's upstreams, nothing allocated per upstream.
import type { PickRule } from '../../../shared/snapshot';
import { missingKey } from '../config/auth';
import type { StationState, StationView } from '../types';

export type Env = Readonly<Record<string, string | undefined>>;

/** A cooldown that has passed forgives the failures that caused it (the streak stays). */
export function expireCooldowns(state: StationState, now: number): boolean {
  let changed = false;
  const until = state.cooldownUntil;
  for (let i = 0; i < until.length; i++) {
    const u = until[i];
    if (u !== null && u !== undefined && now >= u) {
      state.failureCounts[i] = 0;
      until[i] = null;
      changed = true;
    }
  }
  return changed;
}

export function isEnabled(station: StationView, index: number): boolean {
  return station.upstreams[index]?.enabled !== false;
}

export function keyProblem(station: StationView, index: number, env: Env): string | null {
  return missingKey(station.upstreams[index]?.auth, env);
}

export interface PickInput {
  state: StationState;
  station: StationView;
  threshold: number;
  avoid: ReadonlySet<number>;
  strict: boolean;
  env: Env;
  /** `[retry] exhausted_fallback`: pass 2 (exhaustion ignored) runs only when true. */
  exhaustedFallback: boolean;
  isSupported?: ((index: number) => boolean) | undefined;
  /** Rule 1: the session's pinned upstream in this station, or -1. */
  pinned: number;
  /** Rule 2: the session's bound upstream in this station, or -1. */
  bound: number;
  /** Rule 3 is due: a session-less request or new session, and the wait has passed. */
  returnDue: boolean;
}

export interface Pick {
  index: number;
  rule: PickRule;
}

/**
 * Whether upstream `i` may take this request, exhaustion aside: enabled, key present, model
 * supported, not avoided, below the failure threshold (docs/behaviour.md §2.7 "selectable").
 */
export function usable(input: PickInput, i: number): boolean {
  // Cheapest and most often decisive first: a cooling upstream is out on its count alone.
  if ((input.state.failureCounts[i] ?? 0) >= input.threshold) return false;
  const up = input.station.upstreams[i];
  return (
    up !== undefined &&
    up.enabled !== false &&
    (input.avoid.size === 0 || !input.avoid.has(i)) &&
    (input.isSupported === undefined || input.isSupported(i)) &&
    (up.auth === undefined || missingKey(up.auth, input.env) === null)
  );
}

export function selectable(input: PickInput, i: number): boolean {
  return (
    i >= 0 &&
    i < input.station.upstreams.length &&
    !input.state.usageExhausted[i] &&
    usable(input, i)
  );
}

/** The first rule that yields a selectable upstream decides (docs/behaviour.md §2.7). */
export function pick(input: PickInput): Pick | null {
  const { state, station, strict } = input;
  const n = station.upstreams.length;
  if (n === 0) return null;
  if (selectable(input, input.pinned)) return { index: input.pinned, rule: 'pinned' };
  if (selectable(input, input.bound)) return { index: input.bound, rule: 'session' };

  // Stay on the last upstream that worked instead of probing the list from the top each time.
  const sticky = state.lastGoodIndex;
  const stickyOk = sticky !== null && selectable(input, sticky);
  if (stickyOk && !input.returnDue) return { index: sticky, rule: 'sticky' };
  let first = -1;
  for (let i = 0; i < n; i++) {
    if (!state.usageExhausted[i] && usable(input, i)) {
      first = i;
      break;
    }
  }
  if (stickyOk) {
    return first !== -1 && first < sticky
      ? { index: first, rule: 'return-to-preferred' }
      : { index: sticky, rule: 'sticky' };
  }
  if (first !== -1) return { index: first, rule: 'in-order' };
  // Exhaustion is a soft signal (quotas reset, estimates are wrong): better than nothing —
  // unless the user said an exhausted upstream must never be picked.
  if (input.exhaustedFallback) {
    for (let i = 0; i < n; i++) {
      if (usable(input, i)) return { index: i, rule: 'exhausted-fallback' };
    }
  }
  if (strict) return null;
  // Non-strict callers always get something to try, but never a disabled upstream, one without
  // its key, or (with exhausted_fallback = false) an exhausted one.
  const lastResort = (i: number, honourAvoid: boolean): boolean =>
    isEnabled(station, i) &&
    (!honourAvoid || !input.avoid.has(i)) &&
    (input.exhaustedFallback || !state.usageExhausted[i]) &&
    keyProblem(station, i, input.env) === null;
  for (let i = 0; i < n; i++) {
    if (lastResort(i, true)) return { index: i, rule: 'in-order' };
  }
  for (let i = 0; i < n; i++) {
    if (lastResort(i, false)) return { index: i, rule: 'in-order' };
  }
  return null;
}
