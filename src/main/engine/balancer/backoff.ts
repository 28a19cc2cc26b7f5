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

/** Deadline `secs` from `now` in epoch ms, saturating. */
export function deadlineAfter(now: number, secs: number): number {
  const until = now + secs * 1000;
  return until >= Number.MAX_SAFE_INTEGER ? Number.MAX_SAFE_INTEGER : until;
}
