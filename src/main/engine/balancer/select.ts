// Selection (docs/behaviour.md §2.3). Pure over a station state; the class owns locking-free
// mutation.
import type { StationState, StationView } from '../types';

/** A cooldown that has passed forgives the failures that caused it (the streak stays). */
export function expireCooldowns(state: StationState, now: number): boolean {
  let changed = false;
  state.cooldownUntil.forEach((until, i) => {
    if (until !== null && now >= until) {
      state.failureCounts[i] = 0;
      state.cooldownUntil[i] = null;
      changed = true;
    }
  });
  return changed;
}

export function isEnabled(station: StationView, index: number): boolean {
  return station.upstreams[index]?.enabled !== false;
}

export interface PickInput {
  state: StationState;
  station: StationView;
  threshold: number;
  avoid: ReadonlySet<number>;
  strict: boolean;
}

/** Which pass chose the pick; explain() uses it to tell the sticky pick from an in-order one. */
export type PickKind = 'sticky' | 'healthy' | 'exhausted' | 'fallback';

export function pick(input: PickInput): { index: number; kind: PickKind } | null {
  const { state, station, threshold, avoid, strict } = input;
  const n = station.upstreams.length;
  if (n === 0) return null;
  const usable = (i: number): boolean =>
    isEnabled(station, i) && !avoid.has(i) && (state.failureCounts[i] ?? 0) < threshold;

  // Stay on the last upstream that worked instead of probing the list from the top each time.
  const sticky = state.lastGoodIndex;
  if (sticky !== null && sticky < n && usable(sticky) && !state.usageExhausted[sticky]) {
    return { index: sticky, kind: 'sticky' };
  }
  for (let i = 0; i < n; i++) {
    if (usable(i) && !state.usageExhausted[i]) return { index: i, kind: 'healthy' };
  }
  // Exhaustion is a soft signal (quotas reset, estimates are wrong): better than nothing.
  for (let i = 0; i < n; i++) {
    if (usable(i)) return { index: i, kind: 'exhausted' };
  }
  if (strict) return null;
  // Non-strict callers always get something to try, but never a disabled upstream (NEW).
  for (let i = 0; i < n; i++) {
    if (isEnabled(station, i) && !avoid.has(i)) return { index: i, kind: 'fallback' };
  }
  for (let i = 0; i < n; i++) {
    if (isEnabled(station, i)) return { index: i, kind: 'fallback' };
  }
  return null;
}
