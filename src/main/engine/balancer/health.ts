// Upstream health bookkeeping (docs/behaviour.md §2.1, §2.3, §9): failures counted against the
// threshold, cooldowns and penalties with their backoff streak, exhaustion and who set it, the
// last good upstream, and facts other instances learned (§11.1). Every change is announced once;
// the shared store hears only what really changed, and never about a fact it told us.
// `recordResult` runs on every request: nothing is allocated on it.
import type { ExhaustSource } from '../../../shared/snapshot';
import type { BalancerPolicy, StationState, StationView } from '../types';
import { deadlineAfter, effectiveCooldownSecs } from './backoff';
import { emit, thresholdOf, type BalancerCore } from './core';
import { applyFact, clearHealth, type SharedFact } from './shared-apply';
import { entry } from './stations';

const DEFAULT_FAILURE_COOLDOWN_SECS = 30;

function failureCooldownOf(policy: BalancerPolicy): number {
  return policy.failureCooldownSecs > 0
    ? policy.failureCooldownSecs
    : DEFAULT_FAILURE_COOLDOWN_SECS;
}

function inRange(state: StationState, index: number): boolean {
  return Number.isInteger(index) && index >= 0 && index < state.failureCounts.length;
}

/**
 * NEW (§2.3): raising or lowering the threshold can leave an upstream blocked with no cooldown
 * to ever release it, so such an upstream gets a plain failure cooldown.
 */
export function setPolicy(core: BalancerCore, policy: BalancerPolicy): void {
  const thresholdChanged = thresholdOf(policy) !== thresholdOf(core.policy);
  core.policy = policy;
  if (!thresholdChanged) return;
  const threshold = thresholdOf(policy);
  const until = deadlineAfter(core.clock.now(), failureCooldownOf(policy));
  let changed = false;
  for (const state of core.states.values()) {
    state.failureCounts.forEach((count, i) => {
      if (count >= threshold && (state.cooldownUntil[i] ?? null) === null) {
        state.cooldownUntil[i] = until;
        changed = true;
      }
    });
  }
  if (changed) emit(core);
}

/** A success or a failure of upstream `index`; `viaSession`: picked by a pin or binding (§2.7). */
export function recordResult(
  core: BalancerCore,
  station: StationView,
  index: number,
  success: boolean,
  viaSession: boolean,
): void {
  const state = entry(core, station);
  if (!inRange(state, index)) return;
  if (success) {
    // The common case on the hot path is a success on an already healthy sticky upstream:
    // nothing changes, so nobody needs to hear about it (no snapshot, no state.json write).
    // A balance at or below its threshold stays exhausted whatever a request says: the
    // threshold is the user's reserve, and only a later poll lifts it (docs/behaviour.md §9.3).
    const keepExhausted = state.exhaustedBy[index] === 'balance';
    const unchanged =
      state.failureCounts[index] === 0 &&
      state.cooldownUntil[index] === null &&
      state.penaltyStreak[index] === 0 &&
      (state.usageExhausted[index] === false || keepExhausted) &&
      (viaSession || state.lastGoodIndex === index);
    if (unchanged) return;
    const hadUntil = state.cooldownUntil[index] ?? null;
    const wasExhausted = state.usageExhausted[index] === true;
    state.failureCounts[index] = 0;
    state.cooldownUntil[index] = null;
    state.penaltyStreak[index] = 0;
    // NEW: a success proves the quota is back, so exhaustion set by a quota error or by hand
    // is lifted.
    if (!keepExhausted) {
      state.usageExhausted[index] = false;
      state.exhaustedReason[index] = null;
      state.exhaustedBy[index] = null;
    }
    if (!viaSession) setLastGood(core, state, index);
    if (core.share) {
      if (hadUntil !== null) core.share.cleared(station, index, hadUntil);
      if (wasExhausted && !keepExhausted) core.share.exhausted(station, index, false, null, null);
    }
    emit(core);
    return;
  }
  const threshold = thresholdOf(core.policy);
  const count = Math.min((state.failureCounts[index] ?? 0) + 1, Number.MAX_SAFE_INTEGER);
  state.failureCounts[index] = count;
  restartReturnWait(core, state, index);
  if (count >= threshold) {
    const streak = state.penaltyStreak[index] ?? 0;
    const secs = effectiveCooldownSecs(failureCooldownOf(core.policy), streak, core.policy.backoff);
    const until = deadlineAfter(core.clock.now(), secs);
    const existing = state.cooldownUntil[index] ?? null;
    // Only ever extend: a longer penalty (e.g. a 429's Retry-After) must not be cut short.
    if (existing === null || until > existing) state.cooldownUntil[index] = until;
    state.penaltyStreak[index] = Math.min(streak + 1, Number.MAX_SAFE_INTEGER);
    if (state.lastGoodIndex === index) state.lastGoodIndex = null;
    core.share?.tripped(station, index, state.cooldownUntil[index] ?? until, count);
    core.logger.info(
      `lb: ${station.service}/${station.name} upstream #${index} reached failure threshold ${threshold} (count ${count}), cooling down for ${secs}s`,
    );
  }
  emit(core);
}

export function penalize(
  core: BalancerCore,
  station: StationView,
  index: number,
  cooldownSecs: number,
  reason: string,
): void {
  const state = entry(core, station);
  if (!inRange(state, index)) return;
  const streak = state.penaltyStreak[index] ?? 0;
  const secs = effectiveCooldownSecs(cooldownSecs, streak, core.policy.backoff);
  state.failureCounts[index] = thresholdOf(core.policy);
  state.cooldownUntil[index] = deadlineAfter(core.clock.now(), secs);
  state.penaltyStreak[index] = Math.min(streak + 1, Number.MAX_SAFE_INTEGER);
  restartReturnWait(core, state, index);
  if (state.lastGoodIndex === index) state.lastGoodIndex = null;
  core.share?.tripped(
    station,
    index,
    state.cooldownUntil[index] ?? core.clock.now(),
    state.failureCounts[index] ?? 0,
  );
  core.logger.info(
    `lb: ${station.service}/${station.name} upstream #${index} penalized for ${secs}s (reason: ${reason})`,
  );
  emit(core);
}

/** Marks or clears exhaustion; `source` says who set it (docs/behaviour.md §9). */
export function setExhausted(
  core: BalancerCore,
  station: StationView,
  index: number,
  exhausted: boolean,
  reason: string | null | undefined,
  source: ExhaustSource,
): void {
  const state = entry(core, station);
  if (!inRange(state, index)) return;
  const nextReason = exhausted ? (reason ?? null) : null;
  const nextSource = exhausted ? source : null;
  if (
    state.usageExhausted[index] === exhausted &&
    state.exhaustedReason[index] === nextReason &&
    state.exhaustedBy[index] === nextSource
  ) {
    return;
  }
  state.usageExhausted[index] = exhausted;
  state.exhaustedReason[index] = nextReason;
  state.exhaustedBy[index] = nextSource;
  core.share?.exhausted(station, index, exhausted, nextReason, nextSource);
  emit(core);
}

/** Who set the upstream's exhaustion, or null when it is not exhausted. */
export function exhaustedBy(
  core: BalancerCore,
  station: StationView,
  index: number,
): ExhaustSource | null {
  const state = entry(core, station);
  return state.usageExhausted[index] ? (state.exhaustedBy[index] ?? 'user') : null;
}

export function reset(core: BalancerCore, station: StationView, index: number): void {
  const state = entry(core, station);
  if (!inRange(state, index)) return;
  clearShared(core, station, state, index);
  clearHealth(state, index);
  emit(core);
}

/** Failure counts, cooldowns and streaks cleared on every station given. */
export function resetAll(core: BalancerCore, stations: readonly StationView[]): void {
  for (const station of stations) {
    const state = entry(core, station);
    for (let i = 0; i < state.failureCounts.length; i++) {
      clearShared(core, station, state, i);
      clearHealth(state, i);
    }
  }
  emit(core);
}

/** "Go back to #1": new traffic sticks to `index` from now on. */
export function prefer(core: BalancerCore, station: StationView, index: number): void {
  const state = entry(core, station);
  if (!inRange(state, index)) return;
  state.lastGoodIndex = index;
  state.lastGoodSince = core.clock.now();
  emit(core);
}

export function earliestCooldownEnd(core: BalancerCore, station: StationView): number | null {
  const now = core.clock.now();
  let earliest: number | null = null;
  for (const until of entry(core, station).cooldownUntil) {
    if (until !== null && until > now && (earliest === null || until < earliest)) earliest = until;
  }
  return earliest;
}

/** A fact another instance learned about this upstream (docs/behaviour.md §11.1). */
export function applyShared(
  core: BalancerCore,
  station: StationView,
  index: number,
  fact: SharedFact,
): void {
  const state = entry(core, station);
  if (!inRange(state, index)) return;
  if (applyFact(state, index, fact, thresholdOf(core.policy), core.clock.now())) emit(core);
}

function clearShared(
  core: BalancerCore,
  station: StationView,
  state: StationState,
  index: number,
): void {
  const until = state.cooldownUntil[index] ?? null;
  if (until !== null) core.share?.cleared(station, index, until);
}

function setLastGood(core: BalancerCore, state: StationState, index: number): void {
  if (state.lastGoodIndex === index) return;
  state.lastGoodIndex = index;
  state.lastGoodSince = core.clock.now();
}

/** A failure above the last good upstream (a try to go back) restarts the wait (§2.7). */
function restartReturnWait(core: BalancerCore, state: StationState, index: number): void {
  if (state.lastGoodIndex !== null && index < state.lastGoodIndex) {
    state.lastGoodSince = core.clock.now();
  }
}
