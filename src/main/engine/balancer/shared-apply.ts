// What another instance learned, applied to a station's state (docs/behaviour.md §11.1). Each
// function returns whether it changed anything; none of them tells the shared store back.
import type { ExhaustSource } from '../../../shared/snapshot';
import type { StationState } from '../types';
import { clampDeadline } from './backoff';

export type SharedFact =
  /** Cooling until `until`: never shortens a longer local cooldown. */
  | { kind: 'cooldown'; until: number }
  /** The cooldown ending at `until` was lifted; a longer local one stays. */
  | { kind: 'clear'; until: number }
  | { kind: 'exhaust'; exhausted: boolean; reason: string | null; by: ExhaustSource | null };

export function clearHealth(state: StationState, index: number): void {
  state.failureCounts[index] = 0;
  state.cooldownUntil[index] = null;
  state.penaltyStreak[index] = 0;
}

export function applyFact(
  state: StationState,
  index: number,
  fact: SharedFact,
  threshold: number,
  now: number,
): boolean {
  const existing = state.cooldownUntil[index] ?? null;
  switch (fact.kind) {
    case 'cooldown': {
      if (fact.until <= now) return false;
      const count = state.failureCounts[index] ?? 0;
      if (existing !== null && existing >= fact.until && count >= threshold) return false;
      state.cooldownUntil[index] = clampDeadline(now, Math.max(existing ?? 0, fact.until));
      state.failureCounts[index] = Math.max(count, threshold);
      if (state.lastGoodIndex === index) state.lastGoodIndex = null;
      return true;
    }
    case 'clear':
      if (existing === null || existing > fact.until) return false;
      clearHealth(state, index);
      return true;
    case 'exhaust': {
      const by = fact.exhausted ? (fact.by ?? 'user') : null;
      const reason = fact.exhausted ? fact.reason : null;
      if (
        state.usageExhausted[index] === fact.exhausted &&
        state.exhaustedReason[index] === reason &&
        state.exhaustedBy[index] === by
      ) {
        return false;
      }
      state.usageExhausted[index] = fact.exhausted;
      state.exhaustedReason[index] = reason;
      state.exhaustedBy[index] = by;
      return true;
    }
  }
}
