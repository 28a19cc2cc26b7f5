// Cooldown backoff (docs/behaviour.md §2.1). Arithmetic saturates at Number.MAX_SAFE_INTEGER so a
// long streak or a huge factor can never overflow into Infinity or lose integer precision.
import type { BackoffPolicy } from '../types';

const MAX_STEPS = 64;

function saturatingMul(a: number, b: number): number {
  const product = a * b;
  return product >= Number.MAX_SAFE_INTEGER ? Number.MAX_SAFE_INTEGER : product;
}

export function effectiveCooldownSecs(
  baseSecs: number,
  streak: number,
  backoff: BackoffPolicy,
): number {
  if (!(baseSecs > 0)) return 0;
  const base = Math.min(baseSecs, Number.MAX_SAFE_INTEGER);
  if (!(backoff.factor > 1)) return base;
  // max 0 means "no growth beyond base"; a max below base never shrinks the base.
  const cap =
    backoff.maxSecs > 0 ? Math.max(Math.min(backoff.maxSecs, Number.MAX_SAFE_INTEGER), base) : base;
  const steps = Math.min(Math.max(0, Math.floor(streak)), MAX_STEPS);
  let secs = base;
  for (let i = 0; i < steps; i++) {
    secs = saturatingMul(secs, backoff.factor);
    if (secs >= cap) return cap;
  }
  return Math.min(secs, cap);
}

/**
 * No cooldown lasts longer than this (docs/behaviour.md §2.1): not one a relay asks for with a
 * huge `Retry-After`, nor one read back from state.json.
 */
export const MAX_COOLDOWN_SECS = 7 * 24 * 3600;

/** Deadline `secs` from `now` in epoch ms, at most MAX_COOLDOWN_SECS away. */
export function deadlineAfter(now: number, secs: number): number {
  return now + Math.min(Math.max(0, secs), MAX_COOLDOWN_SECS) * 1000;
}

/** A stored deadline, brought within MAX_COOLDOWN_SECS of `now`. */
export function clampDeadline(now: number, until: number | null): number | null {
  return until === null ? null : Math.min(until, now + MAX_COOLDOWN_SECS * 1000);
}
